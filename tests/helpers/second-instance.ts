import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testEnv, type TestApp } from './strapi';

export interface SecondInstance {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Another Strapi process (plain Node, plugin from source through tsx) on the app's database. */
export const startSecondInstance = async (app: TestApp): Promise<SecondInstance> => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...testEnv(app.database) };
  delete env.JEST_WORKER_ID; // so strapi-server.js registers tsx, as outside jest
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'serve-playground.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`second instance did not start:\n${output}`)), 60_000);
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
      reject(new Error(`second instance exited with ${code}:\n${output}`));
    });
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};
