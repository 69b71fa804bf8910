import type { AsyncPolicyHandler } from './async-policy';
import { clientAddressOf } from '../delivery/client-address';
import { getDelivery, refuse } from '../middlewares/portal-delivery';
import { getService } from '../utils/get-service';

/**
 * HTTP Basic auth as the portal sends it (`vivareal:<SECRET_KEY>`). Fails closed: with no secret
 * configured every delivery gets 503, which the portal retries, instead of being let in.
 */
const portalAuth: AsyncPolicyHandler = async (policyContext, _config, { strapi }) => {
  const verdict = await getService(strapi, 'portal-auth').authenticate(
    policyContext.request.header.authorization,
    clientAddressOf(policyContext, strapi)
  );
  if (verdict.ok) return true;
  const delivery = getDelivery(policyContext);
  // one log row per throttled address and window: the first throttled request's stands for the rest
  if (delivery && verdict.throttled && !verdict.throttled.first) delivery.recorded = true;
  if (verdict.retryAfterSeconds) policyContext.response.set('Retry-After', String(verdict.retryAfterSeconds));
  if (verdict.code === 'AUTH_REQUIRED' || verdict.code === 'INVALID_CREDENTIALS') {
    policyContext.response.set('WWW-Authenticate', 'Basic realm="grupozap", charset="UTF-8"');
  }
  throw refuse(policyContext, verdict.code);
};

export default portalAuth;
