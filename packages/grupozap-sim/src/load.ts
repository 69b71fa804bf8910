import { randomUUID } from 'node:crypto';
import { currentLead } from '../../../shared/portal/cases';
import { measure, type Measurement } from './measure';

export interface LoadOptions {
  secret: string;
  username: string;
  listing: string;
  connections: number;
  durationSeconds: number;
  /** Share (0–1) of requests that redeliver a lead already sent. */
  duplicates: number;
  onProgress?: (answers: number) => void;
}

export interface LoadReport extends Measurement {
  url: string;
  connections: number;
  durationSeconds: number;
}

/** Posts unique leads (a share of them redeliveries) and sums up the answers. */
export const runLoad = async (url: string, options: LoadOptions): Promise<LoadReport> => {
  const runId = randomUUID().slice(0, 8);
  const sent: string[] = [];
  let counter = 0;
  const measurement = await measure({
    url,
    method: 'POST',
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    headers: {
      authorization: `Basic ${Buffer.from(`${options.username}:${options.secret}`).toString('base64')}`,
      'content-type': 'application/json',
      'user-agent': 'grupozap-sim',
    },
    body: () => {
      const redeliver = sent.length > 0 && Math.random() < options.duplicates;
      const originLeadId = redeliver ? sent[Math.floor(Math.random() * sent.length)] : `load-${runId}-${(counter += 1)}`;
      if (!redeliver) sent.push(originLeadId);
      return JSON.stringify(currentLead(originLeadId, options.listing));
    },
    onProgress: options.onProgress,
  });
  return { url, connections: options.connections, durationSeconds: options.durationSeconds, ...measurement };
};
