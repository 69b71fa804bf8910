import activity from './activity';
import advertiser from './advertiser';
import advertiserKey from './advertiser-key';
import agent from './agent';
import delivery from './delivery';
import deliveryAlert from './delivery-alert';
import lead from './lead';
import listing from './listing';
import note from './note';
import privacyAudit from './privacy-audit';

export default {
  advertiser,
  'advertiser-key': advertiserKey,
  listing,
  lead,
  delivery,
  note,
  agent,
  'delivery-alert': deliveryAlert,
  'privacy-audit': privacyAudit,
  activity,
};
