import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Ready {
  port: number;
  apiToken: string;
  admin: { email: string; password: string };
}

export interface BenchServer {
  child: ChildProcess;
  ready: Ready;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Boots bench/serve.js (the playground as `strapi start` would) and waits for its READY line. */
export const startServer = async (env: Record<string, string>): Promise<BenchServer> => {
  const child: ChildProcess = spawn(
    process.execPath,
    // BENCH_NODE_ARGS: flags for the server's node (e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof` to profile it)
    ['--expose-gc', ...(process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean), path.join(__dirname, 'serve.js')],
    {
      env: { ...process.env, ...env },
      // stdin: commands to the server (bench/serve.js)
      stdio: ['pipe', 'pipe', 'pipe'],
    }
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\{.*\})/.exec(output);
      if (match) resolve(JSON.parse(match[1]) as Ready);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  const stop = async () => {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { child, ready, stop };
};
