'use strict';

/**
 * The wrong-password flood of `npm run bench:auth`, in a process of its own, as it would come
 * from other machines: its own client work (100 connections opened at once, bodies written,
 * answers read) does not delay the portal's client in the bench's process.
 *
 * Input (env FLOOD, JSON): { url, addresses, perAddress, timeoutMs, runId, body }. Each address
 * 127.0.0.(2+i) posts `perAddress` wrong passwords in turn, all addresses at once.
 * Output: a `STARTED` line when the first requests leave, then one JSON line `{ answers }`
 * (`[status, ms]` each; status 0 for a transport error).
 */
const http = require('http');

const { url, addresses, perAddress, timeoutMs, runId, body } = JSON.parse(process.env.FLOOD);
const target = new URL(url);
const basic = (password) => `Basic ${Buffer.from(`vivareal:${password}`).toString('base64')}`;

const post = (agent, password) =>
  new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const request = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: basic(password),
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve([response.statusCode ?? 0, elapsed()]));
      }
    );
    request.on('error', () => resolve([0, elapsed()]));
    request.end(body);
  });

(async () => {
  const agents = Array.from(
    { length: addresses },
    (_, i) => new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${i + 2}` })
  );
  const started = Date.now();
  process.stdout.write('STARTED\n');
  const answers = await Promise.all(
    agents.map(async (agent, address) => {
      const own = [];
      for (let i = 0; i < perAddress && Date.now() - started < timeoutMs; i += 1) {
        own.push(await post(agent, `wrong-${runId}-${address}-${i}`));
      }
      return own;
    })
  );
  agents.forEach((agent) => agent.destroy());
  process.stdout.write(`${JSON.stringify({ answers: answers.flat() })}\n`);
})();
