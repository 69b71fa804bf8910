import type { Core } from '@strapi/strapi';
import { PORTAL_ANSWERS, type PortalCode } from '../answers';
import { MAX_STORED_BODY_CHARS, UID } from '../constants';
import type { PortalBody } from '../utils/lead-payload';

/** What the delivery middleware learns about one request to the lead route. */
export interface PortalDelivery {
  receivedAt: Date;
  startedAt: bigint;
  method: string;
  path: string;
  ip: string;
  userAgent: string | null;
  /** ADVERTISER-ID from the path or the subdomain, as sent. */
  advertiserKey: string | null;
  rawBody: string | null;
  bodyBytes: number;
  body: PortalBody | null;
  bodyError: PortalCode | null;
  /** Set by the auth policy; raw bodies of strangers are not kept. */
  authenticated: boolean;
  originLeadId: string | null;
  /** Set once the log row is written, so it is written once. */
  recorded: boolean;
}

export type DeliveryOutcome = 'created' | 'duplicate' | 'refused' | 'failed';

export const outcomeOf = (status: number): DeliveryOutcome => {
  if (status === 201) return 'created';
  if (status >= 200 && status < 300) return 'duplicate';
  return status >= 500 ? 'failed' : 'refused';
};

const elapsedMs = (startedAt: bigint): number => Number((process.hrtime.bigint() - startedAt) / 1_000_000n);

const cut = (value: string | null, max: number): string | null => (value === null ? null : value.slice(0, max));

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Writes the log row of a delivery. Inside a transaction it joins it, so an accepted lead and
   * its trace are committed together.
   */
  async record(delivery: PortalDelivery, code: PortalCode, leadId: number | null = null): Promise<void> {
    const { status } = PORTAL_ANSWERS[code];
    const keepBody = delivery.authenticated && delivery.rawBody !== null;
    await strapi.db.query(UID.delivery).create({
      data: {
        receivedAt: delivery.receivedAt,
        outcome: outcomeOf(status),
        httpStatus: status,
        code,
        originLeadId: cut(delivery.originLeadId, 255),
        advertiserKey: cut(delivery.advertiserKey, 255),
        method: delivery.method,
        path: cut(delivery.path, 255),
        ip: delivery.ip,
        userAgent: cut(delivery.userAgent, 255),
        durationMs: elapsedMs(delivery.startedAt),
        body: keepBody ? cut(delivery.rawBody, MAX_STORED_BODY_CHARS) : null,
        bodyBytes: delivery.bodyBytes,
        bodyTruncated: keepBody && (delivery.rawBody?.length ?? 0) > MAX_STORED_BODY_CHARS,
        ...(leadId !== null ? { lead: leadId } : {}),
      },
      select: ['id'],
    });
    delivery.recorded = true;
  },
});
