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
}

export interface PortalSendResult {
  /** The last status, or 0 when nothing answered (timeout, refused connection). */
  status: number;
  attempts: number;
  ms: number;
  /** The last answer's body as text (the portal ignores it; a human may want its `code`). */
  answer?: string;
  error?: string;
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is its cause. */
const describe = (error: unknown): string => {
  const { message, cause } = error as Error & { cause?: { code?: string; message?: string } };
  const reason = cause?.code ?? cause?.message;
  return reason && !message.includes(reason) ? `${message} (${reason})` : message;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts a lead the way the portal does: Basic auth, a timeout, retries on anything but 2xx. */
export const sendAsPortal = async (options: PortalSendOptions): Promise<PortalSendResult> => {
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const started = Date.now();
  let last: PortalSendResult = { status: 0, attempts: 0, ms: 0 };
  for (let attempt = 1; attempt <= options.retries + 1; attempt += 1) {
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          Authorization: authorization,
          'Content-Type': 'application/json',
          'User-Agent': options.userAgent ?? 'grupozap-sim',
        },
        body: options.body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const answer = await response.text();
      last = { status: response.status, attempts: attempt, ms: Date.now() - started, answer };
    } catch (error) {
      last = { status: 0, attempts: attempt, ms: Date.now() - started, error: describe(error) };
    }
    if (last.status >= 200 && last.status < 300) break;
    if (attempt <= options.retries) await sleep(options.retryDelayMs);
  }
  return last;
};
