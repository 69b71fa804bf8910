import type { Core } from '@strapi/strapi';
import type { EffectiveSettings } from '../services/settings';
import { getService } from '../utils/get-service';
import { isAllowedIp } from '../utils/ip-allow-list';
import { normalizeLeadBody } from '../utils/lead-payload';
import { ALERTABLE_OUTCOMES, PORTAL_ANSWERS, type PortalCode } from './answers';
import { decodeBody, parseLeadJson, storableText } from './body';
import { traceOf, type DeliveryAnswer, type DeliveryTrace, type IncomingDelivery } from './delivery';
import { deliveryRowOf } from './log-row';
import { createLogSpool } from './log-spool';
import { createLogWriter } from './log-writer';
import { createRepeatedRefusalLog } from './repeated-refusal-log';

/** A step's verdict: go on with a value, or stop with a refusal code. */
type Refusal = { ok: false; code: PortalCode; retryAfterSeconds?: number; countedOnRow?: boolean };
type Step<T> = { ok: true; value: T } | Refusal;

const refuse = (code: PortalCode, retryAfterSeconds?: number): Refusal => ({
  ok: false,
  code,
  ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
});

/**
 * The life of a delivery, from its bytes to its log row, for the portal's POSTs and the admin's
 * replays alike:
 *
 *   settings → address allowed? → credential → body → lead fields → placement and storage
 *   → answer → one log row → (after the answer) the new lead's arrival work
 *
 * Every step answers with a code of `answers.ts`; nothing is thrown across steps. A stored lead's
 * row is written with the lead, in its transaction (lead-writer); every other delivery's row is
 * written here, or kept by the spool while the database refuses it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const alerts = () => getService(strapi, 'delivery-alerts');
  const spool = createLogSpool(strapi, () => alerts().noteRefusal());
  const logWriter = createLogWriter(strapi);
  const repeatedRefusals = createRepeatedRefusalLog(strapi);

  const readSettings = async (): Promise<Step<EffectiveSettings>> => {
    try {
      return { ok: true, value: await getService(strapi, 'settings').current() };
    } catch (error) {
      strapi.log.error(`[grupozap] settings not readable: ${(error as Error).message}`);
      return refuse('STORAGE_UNAVAILABLE');
    }
  };

  /** The portal's address and credential; a replay was authorised by the admin's permission. */
  const authenticate = async (incoming: IncomingDelivery, settings: EffectiveSettings): Promise<Step<true>> => {
    if (incoming.source === 'replay') return { ok: true, value: true };
    if (!isAllowedIp(incoming.ip, settings.allowedIps)) return refuse('IP_NOT_ALLOWED');
    const verdict = await getService(strapi, 'portal-auth').authenticate(incoming.authorization, incoming.ip, settings);
    if (verdict.ok) return { ok: true, value: true };
    const refusal = refuse(verdict.code, verdict.retryAfterSeconds);
    // after its window's first, a throttled or busy request is counted on that one's row
    const repeat =
      verdict.code === 'AUTH_BUSY'
        ? { code: verdict.code, ...repeatedRefusals.busy(incoming.ip) }
        : verdict.throttled && { code: 'TOO_MANY_AUTH_FAILURES' as const, ...verdict.throttled };
    if (repeat && !repeat.first) {
      repeatedRefusals.note(repeat.code, incoming.ip, repeat.count);
      return { ...refusal, countedOnRow: true };
    }
    return refusal;
  };

  /** The body as a JSON object; its text (and bytes, where the text loses them) for the log. */
  const readBody = (incoming: IncomingDelivery, trace: DeliveryTrace): Step<Record<string, unknown>> => {
    if (incoming.bodyProblem || !incoming.bytes) return refuse(incoming.bodyProblem ?? 'BODY_READ_FAILED');
    const decoded = decodeBody(incoming.bytes, incoming.contentType ?? undefined);
    trace.text = storableText(decoded.text);
    trace.exactBytes = decoded.exact ? null : incoming.bytes;
    const parsed = parseLeadJson(decoded.text);
    if (!parsed.ok) return refuse(parsed.code);
    const sentId = parsed.body.originLeadId;
    if (typeof sentId === 'string' || typeof sentId === 'number') trace.originLeadId = String(sentId).trim() || null;
    return { ok: true, value: parsed.body };
  };

  /** HTTP deliveries whose caller `admit` let in: `process` does not authenticate them again. */
  const admitted = new WeakSet<IncomingDelivery>();

  /** The caller's refusal (address or credential), with the row it is counted on; null when it may go on. */
  const screen = async (
    incoming: IncomingDelivery,
    settings: EffectiveSettings
  ): Promise<(DeliveryAnswer & { logged?: boolean }) | null> => {
    if (admitted.has(incoming)) return null;
    const authenticated = await authenticate(incoming, settings);
    if (authenticated.ok) return null;
    const { code, retryAfterSeconds, countedOnRow } = authenticated;
    return { ...answer(code, { retryAfterSeconds }), logged: countedOnRow };
  };

  const decide = async (incoming: IncomingDelivery, trace: DeliveryTrace): Promise<DeliveryAnswer & { logged?: boolean }> => {
    const settings = await readSettings();
    if (!settings.ok) return answer(settings.code);

    const refusal = await screen(incoming, settings.value);
    if (refusal) return refusal;
    trace.authenticated = true;

    const body = readBody(incoming, trace);
    if (!body.ok) return answer(body.code);

    const normalized = normalizeLeadBody(body.value, settings.value.zonelessTimezone);
    if (normalized.ok === false) return answer(normalized.code);
    trace.originLeadId = normalized.lead.originLeadId;

    const stored = await getService(strapi, 'ingestion').store(trace, normalized.lead, normalized.sellerDocument);
    if (!('leadId' in stored)) return answer(stored.code);
    const { arrival } = stored;
    return {
      ...answer(stored.code, { leadId: stored.documentId }),
      logged: true,
      afterAnswer: arrival ? () => getService(strapi, 'lead-arrival').handle(stored.leadId, arrival) : undefined,
    };
  };

  const answer = (code: PortalCode, extra: Partial<DeliveryAnswer> = {}): DeliveryAnswer => ({
    code,
    status: PORTAL_ANSWERS[code].status,
    message: PORTAL_ANSWERS[code].message,
    ...Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined)),
  });

  /**
   * The row of a delivery that stored nothing; kept for later when the database refuses it.
   * Whether it is written now.
   */
  const log = async (trace: DeliveryTrace, code: PortalCode): Promise<boolean> => {
    const row = deliveryRowOf(strapi, trace, code);
    try {
      await logWriter.write(row);
    } catch (error) {
      spool.keep(row);
      strapi.log.error(
        `[grupozap] delivery log not written (${code}), kept in memory until the database takes it: ${(error as Error).message}`
      );
      return false;
    }
    return true;
  };

  /** Logs a decided delivery once (unless its row was written on the way) and gives the answer. */
  const conclude = async (trace: DeliveryTrace, decided: DeliveryAnswer & { logged?: boolean }): Promise<DeliveryAnswer> => {
    const { logged, ...result } = decided;
    const written = logged || (await log(trace, result.code));
    // the database takes rows again: the ones kept during its outage go first
    if (written && spool.size) void spool.flush();
    // piled-up refusals, failures and conflicts become an alert: a throttled check, not awaited
    if (written && ALERTABLE_OUTCOMES.includes(PORTAL_ANSWERS[result.code].outcome)) alerts().noteRefusal();
    return result;
  };

  return {
    /**
     * The caller's part of `process`, for the HTTP adapter to run before Strapi's own middleware
     * stack: a stranger's request (an address not allowed, a wrong or missing credential, a
     * throttled address) is decided and logged here, at a fraction of a full request's cost, so
     * that a flood of them does not hold the portal's leads back. Gives that refusal, or null
     * when the caller may go on (then `process` does not authenticate it again). Never throws.
     */
    async admit(incoming: IncomingDelivery): Promise<DeliveryAnswer | null> {
      if (incoming.source !== 'http') return null;
      const trace = traceOf(incoming);
      let refusal: (DeliveryAnswer & { logged?: boolean }) | null;
      try {
        const settings = await readSettings();
        // an unreadable settings store is process()'s answer to give
        if (!settings.ok) return null;
        refusal = await screen(incoming, settings.value);
      } catch (error) {
        strapi.log.error(`[grupozap] delivery failed: ${(error as Error)?.stack ?? error}`);
        refusal = answer('INTERNAL_ERROR');
      }
      if (!refusal) {
        admitted.add(incoming);
        return null;
      }
      return conclude(trace, refusal);
    },

    /** Decides a delivery, logs it once, and gives the answer. Never throws. */
    async process(incoming: IncomingDelivery): Promise<DeliveryAnswer> {
      const trace = traceOf(incoming);
      let decided: DeliveryAnswer & { logged?: boolean };
      try {
        decided = await decide(incoming, trace);
      } catch (error) {
        strapi.log.error(`[grupozap] delivery failed: ${(error as Error)?.stack ?? error}`);
        decided = answer('INTERNAL_ERROR');
      }
      return conclude(trace, decided);
    },

    /** A request to a lead URL that no route answered (a router's 404 or 405): logged as such. */
    async logUnrouted(incoming: IncomingDelivery, code: PortalCode): Promise<void> {
      await log(traceOf(incoming), code);
    },

    /** Rows kept while the database was unreachable. */
    pendingLogRows(): number {
      return spool.size;
    },

    async stop(): Promise<void> {
      spool.stop();
      await Promise.all([spool.flush(), repeatedRefusals.stop()]);
    },
  };
};
