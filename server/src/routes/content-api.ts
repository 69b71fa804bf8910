/**
 * The URL registered with the portal: `/api/grupozap/lead` (advertiser found from the body) or
 * `/api/grupozap/lead/:advertiser`. Public for Strapi's own auth; the portal's Basic auth is
 * checked by our policies.
 */
const portalPolicies = ['plugin::grupozap.allowed-ip', 'plugin::grupozap.portal-auth'];

const leadRoutes = ['/lead', '/lead/:advertiser'].flatMap((path) => [
  {
    method: 'POST',
    path,
    handler: 'lead.receive',
    config: { auth: false, policies: portalPolicies },
  },
  {
    method: 'GET',
    path,
    handler: 'lead.probe',
    config: { auth: false },
  },
]);

export default {
  type: 'content-api',
  routes: leadRoutes,
};
