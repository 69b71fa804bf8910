import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** An address a host name was resolved to, and checked, before sending. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

export interface PortalSendOptions {
  url: string;
  username: string;
  password: string;
  body: string;
  /** The portal gives up on an answer after this long (its manual: 5 s, today 15 s). */
  timeoutMs: number;
  /** The portal retries a non-2xx answer this many times. */
  retries: number;
  retryDelayMs: number;
  /** Sent as User-Agent (default `grupozap-sim`), so a receiver's log tells these requests apart. */
  userAgent?: string;
  /**
   * Connect only to these addresses (the URL's host name is then not resolved again, so a DNS
   * answer cannot change between the caller's check and the connection); the `Host` header and
   * the TLS server name stay the URL's.
   */
  addresses?: PinnedAddress[];
}

export interface PortalSendResult {
  /** The last status, or 0 when nothing answered (timeout, refused connection). */
  status: number;
  attempts: number;
  ms: number;
  /** The last answer's body as text, its first 64 KiB (the portal ignores it; a human may want its `code`). */
  answer?: string;
  error?: string;
}

/** More of an answer than this is read and dropped: the lead route answers a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The reason with its code (ECONNREFUSED, ENOTFOUND, a TLS error), when the message lacks it. */
const describe = (error: unknown): string => {
  const { message, code, cause } = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  const reason = code ?? cause?.code ?? cause?.message;
  return reason && !message.includes(reason) ? `${message} (${reason})` : message;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pinnedLookup =
  (addresses: PinnedAddress[]): LookupFunction =>
  (_hostname, options, callback) => {
    const usable =
      options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
    if (!usable.length) {
      callback(Object.assign(new Error('no checked address of this family'), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };

/**
 * One POST, as the portal makes it: no redirect is followed (a 3xx is an answer, and a failure,
 * for the portal), no connection is reused, and the whole exchange has `timeoutMs`.
 */
const post = (
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  addresses: PinnedAddress[] | undefined
): Promise<{ status: number; answer: string }> =>
  new Promise((resolve, reject) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new Error(`unsupported protocol ${url.protocol}`));
      return;
    }
    const request = (url.protocol === 'https:' ? https : http).request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, Host: url.host, 'Content-Length': String(Buffer.byteLength(body)) },
      agent: false,
      ...(addresses ? { lookup: pinnedLookup(addresses) } : {}),
    });
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
      request.destroy(error);
      reject(error);
    }, timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          answer: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'),
        });
      });
    });
    request.end(body);
  });

/** Posts a lead the way the portal does: Basic auth, a timeout, retries on anything but 2xx. */
export const sendAsPortal = async (options: PortalSendOptions): Promise<PortalSendResult> => {
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const headers = {
    Authorization: authorization,
    'Content-Type': 'application/json',
    'User-Agent': options.userAgent ?? 'grupozap-sim',
  };
  const started = Date.now();
  let last: PortalSendResult = { status: 0, attempts: 0, ms: 0 };
  for (let attempt = 1; attempt <= options.retries + 1; attempt += 1) {
    try {
      const { status, answer } = await post(new URL(options.url), headers, options.body, options.timeoutMs, options.addresses);
      last = { status, attempts: attempt, ms: Date.now() - started, answer };
    } catch (error) {
      last = { status: 0, attempts: attempt, ms: Date.now() - started, error: describe(error) };
    }
    if (last.status >= 200 && last.status < 300) break;
    if (attempt <= options.retries) await sleep(options.retryDelayMs);
  }
  return last;
};
