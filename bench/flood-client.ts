/**
 * The wrong-password flood of `npm run bench:auth`, in a process of its own, as it would come
 * from other machines: its own client work (100 connections opened at once, bodies written,
 * answers read) does not delay the portal's client in the bench's process.
 *
 * Input (env FLOOD, JSON): { url, addresses, perAddress, timeoutMs, runId, body }. Each address
 * 127.0.0.(2+i) posts `perAddress` wrong passwords in turn, all addresses at once.
 * Output: one JSON line `{ answers }` (status 0 for a transport error).
 */
import http from 'node:http';
import { basic, post, type Answer } from './post';

interface Flood {
  url: string;
  addresses: number;
  perAddress: number;
  timeoutMs: number;
  runId: string;
  body: string;
}

const { url, addresses, perAddress, timeoutMs, runId, body } = JSON.parse(process.env.FLOOD ?? '{}') as Flood;
const target = new URL(url);

(async () => {
  const agents = Array.from(
    { length: addresses },
    (_, i) => new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${i + 2}` })
  );
  const started = Date.now();
  const answers = await Promise.all(
    agents.map(async (agent, address) => {
      const own: Answer[] = [];
      for (let i = 0; i < perAddress && Date.now() - started < timeoutMs; i += 1) {
        own.push(await post(target, agent, { authorization: basic(`wrong-${runId}-${address}-${i}`) }, body));
      }
      return own;
    })
  );
  agents.forEach((agent) => agent.destroy());
  process.stdout.write(`${JSON.stringify({ answers: answers.flat() })}\n`);
})();
