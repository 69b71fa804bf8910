import http from 'node:http';

/** One request's answer, as the benchmarks count it. */
export interface Answer {
  status: number;
  ms: number;
}

/** The portal's Basic credential for `password`. */
export const basic = (password: string) => `Basic ${Buffer.from(`vivareal:${password}`).toString('base64')}`;

/** One POST of a JSON body; status 0 for a transport error. */
export const post = (url: URL, agent: http.Agent, headers: Record<string, string>, body: string): Promise<Answer> =>
  new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: elapsed() }));
      }
    );
    request.on('error', () => resolve({ status: 0, ms: elapsed() }));
    request.end(body);
  });
