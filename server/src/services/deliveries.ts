import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ReplayResult } from '../../../shared/contracts/deliveries';
import { UID } from '../constants';
import { hasValidSignature } from '../delivery/log-row';
import { boundedPagination } from '../utils/bounded-pagination';
import { getService } from '../utils/get-service';
import type { DeliveryListQuery } from '../validation/inbox';

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

export default ({ strapi }: { strapi: Core.Strapi }) => ({
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
   * Runs a logged delivery through the pipeline again (once its cause is fixed: the advertiser
   * created, the listing code known, the database back), as the admin who asked. Only rows the
   * route itself wrote are replayed: their signature is checked, so that a row forged in the
   * database or the Content Manager cannot become a lead. Idempotent like any delivery; the
   * replay is logged as a delivery of its own, with method REPLAY.
   */
  async replay(documentId: string, replayedBy: string): Promise<ReplayResult> {
    const stored = await strapi.db.query(UID.delivery).findOne({ where: { documentId } });
    if (!stored) throw new errors.NotFoundError('No such delivery');
    if (!stored.body) throw new errors.ValidationError('This delivery has no stored body: its sender was not authenticated.');
    if (stored.bodyTruncated)
      throw new errors.ValidationError('This delivery was too large to keep whole and cannot be replayed.');
    if (!hasValidSignature(strapi, stored)) {
      throw new errors.ValidationError(
        'This delivery row was not written by the lead route (or was changed since) and cannot be replayed.'
      );
    }
    const bytes: Buffer = stored.rawBase64 ? Buffer.from(stored.rawBase64, 'base64') : Buffer.from(stored.body, 'utf8');
    const answer = await getService(strapi, 'pipeline').process({
      source: 'replay',
      receivedAt: new Date(),
      startedAt: process.hrtime.bigint(),
      method: 'REPLAY',
      path: stored.path,
      ip: stored.ip,
      userAgent: `replayed by ${replayedBy}`,
      advertiserKey: stored.advertiserKey,
      contentType: stored.contentType,
      bytes,
      bodyBytes: bytes.length,
      bodyProblem: null,
    });
    void answer.afterAnswer?.();
    return { status: answer.status, code: answer.code, leadId: answer.leadId ?? null };
  },
});
