import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { PORTAL_ANSWERS } from '../delivery/answers';
import type { IncomingDelivery } from '../delivery/delivery';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerCodeOf, isLeadPath, leadPathOf, readIncoming, sendAnswer, wasAnswered } from '../delivery/http';
import { refusalDelayMs } from '../delivery/refusal-delay';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';

const INCOMING_KEY = 'grupozapIncoming';

/** The POST the lead-route middleware read, for the route's controller. */
export const incomingOf = (ctx: Context): IncomingDelivery | undefined =>
  (ctx.state as Record<string, unknown>)[INCOMING_KEY] as IncomingDelivery | undefined;

/**
 * Wraps every request to the lead URLs, outside Strapi's own middlewares (mounted in register):
 * reads a POST's body as bytes, within the plugin's limit, before Strapi's body parser would
 * parse (and refuse) it; answers a caller the pipeline refuses (address, credential, brake) at
 * once, so a flood of strangers never costs the app's middleware stack; then lets Strapi's
 * router reach the route's controller, which hands the delivery to the pipeline. A request no
 * lead route answered (a path the router does not know, a method it does not serve) still gets
 * the route's JSON shape, never an accidental 404: the portal deletes an integration that
 * answers 404.
 */
export const leadRoute = ({ strapi }: { strapi: Core.Strapi }) => {
  const leadPath = leadPathOf(strapi);
  const pipeline = () => getService(strapi, 'pipeline');

  return async (ctx: Context, next: Next) => {
    if (!isLeadPath(leadPath, ctx.path)) return next();
    if (ctx.method !== 'POST') {
      await next();
      // a CORS preflight keeps Strapi's answer, unless it is a 404
      if (wasAnswered(ctx) || (ctx.method === 'OPTIONS' && ctx.status !== 404)) return;
      // a GET below the route that no route serves: a wrong URL, said so without a 404
      const code = ctx.method === 'GET' || ctx.method === 'HEAD' ? 'ROUTE_NOT_FOUND' : 'METHOD_NOT_ALLOWED';
      if (code === 'METHOD_NOT_ALLOWED') ctx.set('Allow', 'GET, HEAD, POST');
      ctx.status = PORTAL_ANSWERS[code].status;
      ctx.body = { code, message: PORTAL_ANSWERS[code].message };
      return;
    }

    const settings = await getService(strapi, 'settings')
      .current()
      .catch(() => null);
    const incoming = await readIncoming(strapi, ctx, { leadPath, subdomainBase: settings?.subdomainBase ?? null });
    // a caller the pipeline refuses is answered here, without Strapi's middleware stack and router
    const refusal = await pipeline().admit(incoming);
    if (refusal) sendAnswer(strapi, ctx, refusal);
    else {
      (ctx.state as Record<string, unknown>)[INCOMING_KEY] = incoming;
      try {
        await next();
      } catch (error) {
        strapi.log.error(`[grupozap] lead route failed: ${(error as Error)?.stack ?? error}`);
      }
    }
    if (wasAnswered(ctx)) {
      // logged already: a refused caller's answer waits on a timer, which costs no CPU
      const delayMs = refusalDelayMs(answerCodeOf(ctx), getPluginConfig(strapi).authFailureDelayMs);
      if (delayMs) await sleep(delayMs);
      return;
    }
    // no lead route took it: a 404/405 of the router is a wrong URL, anything else a failure
    const code = ctx.status === 404 || ctx.status === 405 ? 'ROUTE_NOT_FOUND' : 'INTERNAL_ERROR';
    const { status, message } = PORTAL_ANSWERS[code];
    sendAnswer(strapi, ctx, { code, status, message });
    await pipeline().logUnrouted(incoming, code);
  };
};
