import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isPortalRefusal, PORTAL_ANSWERS, type PortalCode } from '../answers';
import { MAX_STORED_BODY_CHARS, UID } from '../constants';
import { boundedPagination } from '../utils/bounded-pagination';
import { getService } from '../utils/get-service';
import type { PortalBody } from '../utils/lead-payload';
import { parsePortalBody } from '../utils/portal-body';
import { createRows } from '../utils/row-writes';
import type { DeliveryListQuery } from '../validation/inbox';

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
  /** The refusal decided by our policies or ingestion, if any. */
  refusal: PortalCode | null;
  /** Set once the log row is written, so it is written once. */
  recorded: boolean;
}

export type DeliveryOutcome = 'created' | 'duplicate' | 'refused' | 'failed';

export const outcomeOf = (status: number): DeliveryOutcome => {
  if (status === 201) return 'created';
  if (status >= 200 && status < 300) return 'duplicate';
  return status >= 500 ? 'failed' : 'refused';
};

const LIST_FIELDS = [
  'id',
  'documentId',
  'receivedAt',
  'outcome',
  'httpStatus',
  'code',
  'originLeadId',
  'advertiserKey',
  'method',
  'ip',
  'userAgent',
  'durationMs',
  'bodyBytes',
];

const elapsedMs = (startedAt: bigint): number => Number((process.hrtime.bigint() - startedAt) / 1_000_000n);

const cut = (value: string | null, max: number): string | null => (value === null ? null : value.slice(0, max));

/** The log row of a delivery answered with `code` (its duration counted until now). */
export const deliveryRowOf = (delivery: PortalDelivery, code: PortalCode): Record<string, unknown> => {
  const { status } = PORTAL_ANSWERS[code];
  const keepBody = delivery.authenticated && delivery.rawBody !== null;
  return {
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
  };
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Writes the log row of a delivery that stored nothing (a refusal, a failure). Those that store
   * a lead or count a redelivery are written with it, by services/lead-writer.
   */
  async record(delivery: PortalDelivery, code: PortalCode): Promise<void> {
    await createRows(strapi, UID.delivery, [deliveryRowOf(delivery, code)]);
    delivery.recorded = true;
  },

  async list({ outcome, code, originLeadId, page, pageSize }: DeliveryListQuery) {
    const where = {
      ...(outcome ? { outcome } : {}),
      ...(code ? { code } : {}),
      ...(originLeadId ? { originLeadId } : {}),
    };
    const [results, pagination] = await Promise.all([
      strapi.db.query(UID.delivery).findMany({
        where,
        select: LIST_FIELDS,
        populate: { lead: { select: ['id', 'documentId', 'name'] } },
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        offset: (page - 1) * pageSize,
        limit: pageSize,
      }),
      boundedPagination(strapi, UID.delivery, where, { page, pageSize }),
    ]);
    return { results, pagination };
  },

  findOne(documentId: string) {
    return strapi.db.query(UID.delivery).findOne({
      where: { documentId },
      populate: { lead: { select: ['id', 'documentId', 'name', 'originLeadId'] } },
    });
  },

  /**
   * Runs a stored delivery through the ingestion again (once its cause is fixed: the advertiser
   * created, the listing code known, the database back). Idempotent like any delivery; the replay
   * is logged as a delivery of its own, with method REPLAY.
   */
  async replay(documentId: string, replayedBy: string) {
    const stored = await this.findOne(documentId);
    if (!stored) throw new errors.NotFoundError('No such delivery');
    if (!stored.body) throw new errors.ValidationError('This delivery has no stored body: its sender was not authenticated.');
    if (stored.bodyTruncated) throw new errors.ValidationError('This delivery was too large to keep whole and cannot be replayed.');

    const parsed = parsePortalBody(stored.body);
    const delivery: PortalDelivery = {
      receivedAt: new Date(),
      startedAt: process.hrtime.bigint(),
      method: 'REPLAY',
      path: stored.path,
      ip: stored.ip,
      userAgent: `replayed by ${replayedBy}`,
      advertiserKey: stored.advertiserKey,
      rawBody: stored.body,
      bodyBytes: stored.bodyBytes ?? Buffer.byteLength(stored.body),
      body: 'body' in parsed ? parsed.body : null,
      bodyError: 'error' in parsed ? parsed.error : null,
      authenticated: true,
      originLeadId: stored.originLeadId,
      refusal: null,
      recorded: false,
    };
    try {
      const result = await getService(strapi, 'ingestion').ingest(delivery);
      if (result.code === 'LEAD_CREATED') {
        void getService(strapi, 'lead-arrival').handle(result.leadId, result.arrival);
      }
      return { status: PORTAL_ANSWERS[result.code].status, code: result.code, leadId: result.documentId };
    } catch (error) {
      if (!isPortalRefusal(error)) throw error;
      const { code } = error.details;
      if (!delivery.recorded) await this.record(delivery, code);
      return { status: PORTAL_ANSWERS[code].status, code, leadId: null };
    }
  },
});
