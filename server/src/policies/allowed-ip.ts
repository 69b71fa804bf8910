import type { AsyncPolicyHandler } from './async-policy';
import { clientAddressOf } from '../delivery/client-address';
import { refuse } from '../middlewares/portal-delivery';
import { isAllowedIp } from '../utils/ip-allow-list';
import { getService } from '../utils/get-service';

/** The optional IP allow-list of the settings, against the client address the plugin decides on. */
const allowedIp: AsyncPolicyHandler = async (policyContext, _config, { strapi }) => {
  const { allowedIps } = await getService(strapi, 'settings').current();
  if (!isAllowedIp(clientAddressOf(policyContext, strapi), allowedIps)) {
    throw refuse(policyContext, 'IP_NOT_ALLOWED');
  }
  return true;
};

export default allowedIp;
