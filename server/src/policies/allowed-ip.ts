import type { AsyncPolicyHandler } from './async-policy';
import { refuse } from '../middlewares/portal-delivery';
import { isAllowedIp } from '../utils/ip-allow-list';
import { getService } from '../utils/get-service';

/** The optional IP allow-list of the settings (behind a proxy, set `proxy: true`). */
const allowedIp: AsyncPolicyHandler = async (policyContext, _config, { strapi }) => {
  const { allowedIps } = await getService(strapi, 'settings').current();
  if (!isAllowedIp(policyContext.request.ip, allowedIps)) {
    throw refuse(policyContext, 'IP_NOT_ALLOWED');
  }
  return true;
};

export default allowedIp;
