import getRawBody from 'raw-body';
import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { isPortalCode, PORTAL_ANSWERS, portalRefusal, type PortalCode } from '../answers';
import { PLUGIN_ID } from '../constants';
import { clientAddressOf } from '../delivery/client-address';
import type { PortalDelivery } from '../services/deliveries';
import { isJsonObject } from '../utils/is-json-object';
import { parsePortalBody } from '../utils/portal-body';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';

export const DELIVERY_STATE_KEY = 'grupozapDelivery';

/** The delivery being handled, from a Koa context or a policy context (which shares its state). */
export const getDelivery = (ctx: object): PortalDelivery | undefined =>
  (ctx as { state?: Record<string, unknown> }).state?.[DELIVERY_STATE_KEY] as PortalDelivery | undefined;

/**
 * The error to throw for a refusal, with its code also noted on the delivery: the answer must
 * not depend on Strapi's error handler recognising our error class (an app may hold another
 * copy of @strapi/utils than the one the plugin resolved).
 */
export const refuse = (ctx: object, code: PortalCode): Error => {
  const delivery = getDelivery(ctx);
  if (delivery) delivery.refusal = code;
  return portalRefusal(code);
};

interface StrapiErrorBody {
  error?: { details?: { code?: unknown } };
}

/** The answer the route produced, as one of our codes, whoever produced it. */
const answerCodeOf = (ctx: Context, delivery: PortalDelivery): PortalCode => {
  if (delivery.refusal) return delivery.refusal;
  const body = ctx.body as (Record<string, unknown> & StrapiErrorBody) | undefined;
  if (isJsonObject(body) && isPortalCode(body.code)) return body.code;
  const refusal = isJsonObject(body) ? body.error?.details?.code : undefined;
  if (isPortalCode(refusal)) return refusal;
  // Nothing on the lead paths may answer 404 by accident: the portal would delete the integration.
  if (ctx.status === 404 || (ctx.status === 405 && ctx.method === 'POST')) return 'ROUTE_NOT_FOUND';
  if (ctx.status === 405) return 'METHOD_NOT_ALLOWED';
  return 'INTERNAL_ERROR';
};

const advertiserKeyOf = (ctx: Context, leadPath: string, subdomainBase: string | null): string | null => {
  const rest = ctx.path.slice(leadPath.length).replace(/^\/+|\/+$/g, '');
  if (rest) {
    try {
      return decodeURIComponent(rest);
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

/** Reads the body once, as bytes we can keep, within our own size limit. */
const readBody = async (ctx: Context, delivery: PortalDelivery, maxBodyBytes: number): Promise<void> => {
  try {
    const raw = await getRawBody(ctx.req, { limit: maxBodyBytes, length: ctx.request.length, encoding: 'utf-8' });
    delivery.rawBody = raw;
    delivery.bodyBytes = Buffer.byteLength(raw);
  } catch (error) {
    const { type, length } = error as { type?: string; length?: number };
    delivery.bodyError = type === 'entity.too.large' ? 'BODY_TOO_LARGE' : 'BODY_READ_FAILED';
    delivery.bodyBytes = length ?? ctx.request.length ?? 0;
    // let the sender finish writing (the rest is discarded) and close the connection after the answer
    ctx.set('Connection', 'close');
    ctx.req.resume();
    return;
  }
  const parsed = parsePortalBody(delivery.rawBody);
  if ('body' in parsed) delivery.body = parsed.body;
  else delivery.bodyError = parsed.error;
  // The stream is consumed: tell the app's body parser there is nothing left to parse.
  delete ctx.req.headers['content-length'];
  delete ctx.req.headers['transfer-encoding'];
};

/**
 * Wraps every request to the lead route, outside Strapi's own middlewares, so that: the body is
 * read with our limit and kept raw for the log; every answer is `{ code, message }` with the
 * status of our table; no accident answers 404; and each POST leaves one row in the delivery log,
 * accepted or refused. Accepted leads write that row in their own transaction.
 */
export const portalDelivery = ({ strapi }: { strapi: Core.Strapi }) => {
  const leadPath = `${strapi.config.get('api.rest.prefix', '/api')}/${PLUGIN_ID}/lead`.toLowerCase();
  const isLeadPath = (path: string) => {
    const lower = path.toLowerCase();
    return lower === leadPath || lower.startsWith(`${leadPath}/`);
  };

  return async (ctx: Context, next: Next) => {
    if (!isLeadPath(ctx.path)) return next();

    const settings = await getService(strapi, 'settings')
      .current()
      .catch((error: Error) => {
        strapi.log.error(`[grupozap] settings not readable: ${error.message}`);
        return null;
      });
    const delivery: PortalDelivery = {
      receivedAt: new Date(),
      startedAt: process.hrtime.bigint(),
      method: ctx.method,
      path: ctx.path,
      ip: clientAddressOf(ctx, strapi),
      userAgent: ctx.get('user-agent') || null,
      advertiserKey: advertiserKeyOf(ctx, leadPath, settings?.subdomainBase ?? null),
      rawBody: null,
      bodyBytes: 0,
      body: null,
      bodyError: null,
      authenticated: false,
      originLeadId: null,
      refusal: null,
      recorded: false,
    };
    ctx.state[DELIVERY_STATE_KEY] = delivery;

    if (!settings) {
      // without its settings the route cannot authenticate: 503, and the portal keeps the lead
      delivery.refusal = 'STORAGE_UNAVAILABLE';
    } else {
      if (ctx.method === 'POST') await readBody(ctx, delivery, getPluginConfig(strapi).maxBodyBytes);
      await next();
    }

    // other methods (a CORS preflight, say) keep Strapi's answer, unless it is a 404
    const answeredByUs = isJsonObject(ctx.body) && isPortalCode(ctx.body.code);
    if (ctx.method !== 'POST' && !answeredByUs && ctx.status !== 404) return;

    const code = answerCodeOf(ctx, delivery);
    const { status, message } = PORTAL_ANSWERS[code];
    const leadId = isJsonObject(ctx.body) && typeof ctx.body.leadId === 'string' ? ctx.body.leadId : undefined;
    ctx.status = status;
    ctx.body = leadId ? { code, message, leadId } : { code, message };

    if (ctx.method !== 'POST' || delivery.recorded) return;
    try {
      await getService(strapi, 'deliveries').record(delivery, code);
      // repeated refusals become an alert: a throttled check, scheduled, not awaited
      if (status >= 300) getService(strapi, 'delivery-alerts').noteRefusal();
    } catch (error) {
      // the answer stands: a log we cannot write must not turn a refusal into something else
      strapi.log.error(`[grupozap] delivery log not written (${code}): ${(error as Error).message}`);
    }
  };
};
