import allowedIp from './allowed-ip';
import portalAuth from './portal-auth';

export default {
  'allowed-ip': allowedIp,
  'portal-auth': portalAuth,
};
