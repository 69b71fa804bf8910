import autocannon from 'autocannon';

export interface MeasureOptions {
  url: string;
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  connections: number;
  /** Seconds, or a number of requests (`amount`). */
  durationSeconds?: number;
  amount?: number;
  /** Makes each request's body (for unique keys per request). */
  body?: () => string;
  /** Seconds a request may take before it counts as a timeout (autocannon's default: 10). */
  timeoutSeconds?: number;
  onProgress?: (answers: number) => void;
}

export interface Measurement {
  requests: number;
  seconds: number;
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;

/**
 * One autocannon run. Every answer's time and status is kept here (autocannon's own histogram has
 * no p95), so the percentiles are exact.
 */
export const measure = async (options: MeasureOptions): Promise<Measurement> => {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const startedAt = process.hrtime.bigint();
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const { body } = options;
  const instance = autocannon(
    {
      url: options.url,
      method: options.method ?? 'GET',
      headers: options.headers,
      connections: options.connections,
      ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}),
      ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
      ...(body ? { requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }] } : {}),
    },
    (error, result) => (error ? fail(error) : finish(result))
  );
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (latencies.length % 1000 === 0) options.onProgress?.(latencies.length);
  });
  const result = await finished;
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;

  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    throughput: latencies.length / seconds,
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
