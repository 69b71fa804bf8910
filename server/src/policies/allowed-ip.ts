import type { Core } from '@strapi/strapi';
import { refuse } from '../middlewares/portal-delivery';
import { isAllowedIp } from '../utils/ip-allow-list';
import { getPluginConfig } from '../utils/plugin-config';

/** The optional `allowedIps` list of the plugin config (behind a proxy, set `proxy: true`). */
const allowedIp: Core.PolicyHandler = (policyContext, _config, { strapi }) => {
  if (!isAllowedIp(policyContext.request.ip, getPluginConfig(strapi).allowedIps)) {
    throw refuse(policyContext, 'IP_NOT_ALLOWED');
  }
  return true;
};

export default allowedIp;
