import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { currentLead } from './cases';

export interface LoadOptions {
  secret: string;
  username: string;
  listing: string;
  connections: number;
  durationSeconds: number;
  /** Share (0–1) of requests that redeliver a lead already sent. */
  duplicates: number;
  onProgress?: (requests: number) => void;
}

export interface LoadReport {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;

/** Posts unique leads (a share of them redeliveries) with autocannon and sums up the answers. */
export const runLoad = async (url: string, options: LoadOptions): Promise<LoadReport> => {
  const runId = randomUUID().slice(0, 8);
  const sent: string[] = [];
  let counter = 0;
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.secret}`).toString('base64')}`;

  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSeconds,
    headers: { authorization, 'content-type': 'application/json', 'user-agent': 'grupozap-sim' },
    requests: [
      {
        setupRequest: (request) => {
          const redeliver = sent.length > 0 && Math.random() < options.duplicates;
          const originLeadId = redeliver ? sent[Math.floor(Math.random() * sent.length)] : `load-${runId}-${(counter += 1)}`;
          if (!redeliver) sent.push(originLeadId);
          return { ...request, body: JSON.stringify(currentLead(originLeadId, options.listing)) };
        },
      },
    ],
  }, (error, result) => (error ? fail(error) : finish(result)));
  // every answer's time and status, kept here: autocannon's histogram has no p95
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (latencies.length % 500 === 0) options.onProgress?.(latencies.length);
  });
  const result = await finished;

  latencies.sort((a, b) => a - b);
  return {
    url,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests: latencies.length,
    throughput: latencies.length / options.durationSeconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? 0,
    },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
};
