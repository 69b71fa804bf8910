/**
 * The URL registered with the portal: `/api/grupozap/lead` (advertiser found from the body) or
 * `/api/grupozap/lead/:advertiser`. Public for Strapi's own auth: the delivery pipeline checks
 * the portal's address and Basic auth itself (delivery/pipeline.ts), for POSTs and replays alike.
 */

const leadRoutes = ['/lead', '/lead/:advertiser'].flatMap((path) => [
  {
    method: 'POST',
    path,
    handler: 'lead.receive',
    config: { auth: false },
  },
  {
    method: 'GET',
    path,
    handler: 'lead.probe',
    config: { auth: false },
  },
]);

/** The VRSync listing feed: public for Strapi's auth, opened by the advertiser's feed token (controllers/feed.ts). */
const feedRoute = { method: 'GET', path: '/feeds/:advertiser/vrsync.xml', handler: 'feed.vrsync', config: { auth: false } };

export default {
  type: 'content-api',
  routes: [...leadRoutes, feedRoute],
};
