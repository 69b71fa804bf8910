import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testEnv, type TestApp } from './strapi';

export interface SecondInstance {
  baseUrl: string;
  /** What the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The playground in its own process (plain Node, plugin from source through tsx) with exactly
 * this environment; resolves once it listens on a free port of 127.0.0.1.
 */
export const spawnPlayground = async (env: NodeJS.ProcessEnv): Promise<SecondInstance> => {
  const childEnv: NodeJS.ProcessEnv = { ...env };
  delete childEnv.JEST_WORKER_ID; // so strapi-server.js registers tsx, as outside jest
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'serve-playground.js')], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`playground did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`playground exited with ${code}:\n${output}`));
    });
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** Another Strapi process on the app's database. */
export const startSecondInstance = (app: TestApp): Promise<SecondInstance> =>
  spawnPlayground({ ...process.env, ...testEnv(app.database) });
