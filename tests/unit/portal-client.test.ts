import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendAsPortal, type PortalSendOptions } from '../../shared/portal/client';

interface Seen {
  host: string | undefined;
  authorization: string | undefined;
  body: string;
}

/** A server on 127.0.0.1 that records what reaches it and answers with `handler`. */
const serve = async (handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) => {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ host: req.headers.host, authorization: req.headers.authorization, body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const options = (url: string, extra: Partial<PortalSendOptions> = {}): PortalSendOptions => ({
  url,
  username: 'vivareal',
  password: 'the-secret',
  body: '{"originLeadId":"1"}',
  timeoutMs: 2_000,
  retries: 0,
  retryDelayMs: 0,
  ...extra,
});

describe('sendAsPortal', () => {
  it('posts with Basic auth and gives the status and the answer', async () => {
    const server = await serve((_req, res) =>
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"code":"LEAD_CREATED"}')
    );
    try {
      const result = await sendAsPortal(options(`http://127.0.0.1:${server.port}/api/grupozap/lead/jardim`));
      expect(result).toMatchObject({ status: 201, attempts: 1, answer: '{"code":"LEAD_CREATED"}' });
      expect(server.seen).toEqual([
        {
          host: `127.0.0.1:${server.port}`,
          authorization: `Basic ${Buffer.from('vivareal:the-secret').toString('base64')}`,
          body: '{"originLeadId":"1"}',
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('connects to the pinned addresses only: the host name is not resolved again, and stays the Host header', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end());
    try {
      // .invalid never resolves (RFC 6761): an answer proves no look-up was made
      const url = `http://crm.invalid:${server.port}/api/grupozap/lead`;
      expect((await sendAsPortal(options(url))).status).toBe(0);
      const pinned = await sendAsPortal(options(url, { addresses: [{ address: '127.0.0.1', family: 4 }] }));
      expect(pinned.status).toBe(200);
      expect(server.seen.map((request) => request.host)).toEqual([`crm.invalid:${server.port}`]);
    } finally {
      await server.close();
    }
  });

  it('does not follow a redirect: a 3xx is the answer, and the credential goes nowhere else', async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(200).end());
    const redirecting = await serve((_req, res) =>
      res.writeHead(307, { Location: `http://127.0.0.1:${elsewhere.port}/steal` }).end()
    );
    try {
      const result = await sendAsPortal(options(`http://127.0.0.1:${redirecting.port}/api/grupozap/lead`));
      expect(result.status).toBe(307);
      expect(redirecting.seen).toHaveLength(1);
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it('gives up after timeoutMs, also on an answer that never ends', async () => {
    const silent = await serve(() => {});
    const endless = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"code":');
    });
    try {
      for (const server of [silent, endless]) {
        const started = Date.now();
        const result = await sendAsPortal(options(`http://127.0.0.1:${server.port}/`, { timeoutMs: 300 }));
        expect(result).toMatchObject({ status: 0, error: expect.stringMatching(/no answer within 300 ms/) });
        expect(Date.now() - started).toBeLessThan(2_000);
      }
    } finally {
      await silent.close();
      await endless.close();
    }
  });

  it('says why nothing answered', async () => {
    const server = await serve(() => {});
    const { port } = server;
    await server.close();
    const result = await sendAsPortal(options(`http://127.0.0.1:${port}/`));
    expect(result).toMatchObject({ status: 0, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
