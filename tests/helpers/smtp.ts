import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO addresses of the SMTP conversation. */
  to: string[];
  from: string | null;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Mail for these addresses (lower case) gets 550 at RCPT TO; a number: that many times, then accepted. */
  rejectRecipients: Map<string, number>;
  /** RCPT TO commands seen, accepted or not. */
  attempts: string[];
  /** Waits until `find` returns something, or fails after `ms`. */
  waitFor<T>(find: (received: ReceivedMail[]) => T | undefined | false, ms?: number): Promise<T>;
  /** Stops listening (connections are refused) until `start` again on the same port. */
  close(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package, no auth, no TLS), whose messages
 * are parsed with `mailparser`: the tests hold an actual SMTP conversation with Strapi's email
 * provider, not a mock of it.
 */
export const startSmtpServer = async (): Promise<TestSmtpServer> => {
  const received: ReceivedMail[] = [];
  const rejectRecipients = new Map<string, number>();
  const attempts: string[] = [];
  let port = 0;
  let server: SMTPServer;
  let listening = false;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const key = address.address.toLowerCase();
        attempts.push(key);
        const left = rejectRecipients.get(key);
        if (left !== undefined && left !== 0) {
          if (left > 0) rejectRecipients.set(key, left - 1);
          const error = new Error(`Mailbox ${key} unavailable`) as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        return callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            received.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              parsed,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const start = async () => {
    if (listening) return;
    server = create();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as AddressInfo).port;
    listening = true;
  };
  await start();

  return {
    get port() {
      return port;
    },
    received,
    rejectRecipients,
    attempts,
    async waitFor(find, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = find(received);
        if (found) return found;
        if (Date.now() > until) throw new Error(`timed out waiting for e-mail (${received.length} received)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: async () => {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    start,
  };
};
