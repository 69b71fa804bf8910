import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The answer parsed as JSON; `{}` when it is not JSON. */
  body: { code?: string; leadId?: string; message?: string };
}

/**
 * A POST with its path and bytes exactly as given: supertest would serialise a Buffer sent as
 * JSON, and fetch would normalise a path such as `/lead/../x`.
 */
export const postRaw = (baseUrl: string, path: string, headers: Record<string, string>, bytes: Buffer): Promise<RawAnswer> => {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path,
        // a connection of its own: a kept-alive socket that the server closes after its idle
        // timeout, as the request reuses it, would fail the request ("socket hang up")
        agent: false,
        headers: { ...headers, 'content-length': String(bytes.length) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          let body: RawAnswer['body'] = {};
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // not JSON: the caller's status checks say what went wrong
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
          });
        });
      }
    );
    request.on('error', reject);
    request.end(bytes);
  });
};
