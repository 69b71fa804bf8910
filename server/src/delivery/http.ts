import getRawBody from 'raw-body';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PLUGIN_ID } from '../constants';
import { getPluginConfig } from '../utils/plugin-config';
import { PROBE_ANSWER } from './answers';
import { storableText } from './body';
import { clientAddressOf } from './client-address';
import type { DeliveryAnswer, IncomingDelivery } from './delivery';

/** The lead URLs: `/api/grupozap/lead` and everything below it, whatever the letter case. */
export const leadPathOf = (strapi: Core.Strapi): string =>
  `${strapi.config.get('api.rest.prefix', '/api')}/${PLUGIN_ID}/lead`.toLowerCase();

export const isLeadPath = (leadPath: string, path: string): boolean => {
  const lower = path.toLowerCase();
  return lower === leadPath || lower.startsWith(`${leadPath}/`);
};

/**
 * ADVERTISER-ID from the path (`/lead/KEY`) or, with a subdomain base, the host (`KEY.base`).
 * As text a database can store and compare: a `%00` in the path would make PostgreSQL refuse the
 * look-up (and every delivery batched with it) and the log row.
 */
export const advertiserKeyOf = (ctx: Context, leadPath: string, subdomainBase: string | null): string | null => {
  const rest = ctx.path.slice(leadPath.length).replace(/^\/+|\/+$/g, '');
  if (rest) {
    try {
      return storableText(decodeURIComponent(rest));
    } catch {
      return rest;
    }
  }
  if (!subdomainBase) return null;
  const host = ctx.hostname.toLowerCase();
  const base = subdomainBase.toLowerCase();
  if (!host.endsWith(`.${base}`)) return null;
  const label = host.slice(0, -(base.length + 1));
  return label && label !== 'www' ? label : null;
};

/** The body's bytes as sent, within the plugin's limit. */
const readBytes = async (ctx: Context, limit: number): Promise<Pick<IncomingDelivery, 'bytes' | 'bodyBytes' | 'bodyProblem'>> => {
  try {
    const bytes = await getRawBody(ctx.req, { limit, length: ctx.request.length });
    return { bytes, bodyBytes: bytes.length, bodyProblem: null };
  } catch (error) {
    const { type, length } = error as { type?: string; length?: number };
    // let the sender finish writing (the rest is discarded) and close the connection after the answer
    ctx.set('Connection', 'close');
    ctx.req.resume();
    return {
      bytes: null,
      bodyBytes: length ?? ctx.request.length ?? 0,
      bodyProblem: type === 'entity.too.large' ? 'BODY_TOO_LARGE' : 'BODY_READ_FAILED',
    };
  } finally {
    // the stream is consumed: Strapi's body parser must find nothing left to parse
    delete ctx.req.headers['content-length'];
    delete ctx.req.headers['transfer-encoding'];
  }
};

/** A POST to a lead URL, as the pipeline takes it. Reads the body. */
export const readIncoming = async (
  strapi: Core.Strapi,
  ctx: Context,
  { leadPath, subdomainBase }: { leadPath: string; subdomainBase: string | null }
): Promise<IncomingDelivery> => ({
  source: 'http',
  receivedAt: new Date(),
  startedAt: process.hrtime.bigint(),
  method: ctx.method,
  path: ctx.path,
  ip: clientAddressOf(ctx, strapi),
  userAgent: ctx.get('user-agent') || null,
  advertiserKey: advertiserKeyOf(ctx, leadPath, subdomainBase),
  authorization: ctx.get('authorization') || undefined,
  contentType: ctx.get('content-type') || null,
  ...(await readBytes(ctx, getPluginConfig(strapi).maxBodyBytes)),
});

/** Requests whose answer the pipeline gave (the others were answered by no lead route), and its code. */
const answered = new WeakMap<Context, string>();

export const wasAnswered = (ctx: Context): boolean => answered.has(ctx);

/** The code of the answer the pipeline gave, if it gave one. */
export const answerCodeOf = (ctx: Context): string | undefined => answered.get(ctx);

/**
 * Writes a pipeline answer: `{ code, message, leadId? }` with its status, `Retry-After` when the
 * sender should wait, and the new lead's arrival work once the answer has left.
 */
export const sendAnswer = (strapi: Core.Strapi, ctx: Context, answer: DeliveryAnswer): void => {
  answered.set(ctx, answer.code);
  ctx.status = answer.status;
  ctx.body = { code: answer.code, message: answer.message, ...(answer.leadId ? { leadId: answer.leadId } : {}) };
  if (answer.retryAfterSeconds) ctx.set('Retry-After', String(answer.retryAfterSeconds));
  if (answer.status === 401) ctx.set('WWW-Authenticate', 'Basic realm="grupozap", charset="UTF-8"');
  const { afterAnswer } = answer;
  if (afterAnswer) {
    ctx.res.once('finish', () => {
      afterAnswer().catch((error: Error) => strapi.log.error(`[grupozap] arrival work failed: ${error.message}`));
    });
  }
};

/** GET/HEAD: endpoint validators probe the URL before registering it. */
export const sendProbeAnswer = (ctx: Context): void => {
  answered.set(ctx, PROBE_ANSWER.code);
  ctx.status = PROBE_ANSWER.status;
  ctx.body = { code: PROBE_ANSWER.code, message: PROBE_ANSWER.message };
};
