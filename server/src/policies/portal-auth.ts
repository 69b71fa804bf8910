import type { AsyncPolicyHandler } from './async-policy';
import { refuse } from '../middlewares/portal-delivery';
import { getService } from '../utils/get-service';

/**
 * HTTP Basic auth as the portal sends it (`vivareal:<SECRET_KEY>`). Fails closed: with no secret
 * configured every delivery gets 503, which the portal retries, instead of being let in.
 */
const portalAuth: AsyncPolicyHandler = async (policyContext, _config, { strapi }) => {
  const auth = getService(strapi, 'portal-auth');
  if (!(await auth.isConfigured())) throw refuse(policyContext, 'SECRET_NOT_CONFIGURED');

  const { ip } = policyContext.request;
  if (auth.isThrottled(ip)) throw refuse(policyContext, 'TOO_MANY_AUTH_FAILURES');

  const result = await auth.check(policyContext.request.header.authorization, ip);
  if (result.ok === false) {
    policyContext.response.set('WWW-Authenticate', 'Basic realm="grupozap", charset="UTF-8"');
    throw refuse(policyContext, result.code);
  }
  return true;
};

export default portalAuth;
