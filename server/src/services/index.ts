import advertisers from './advertisers';
import deliveries from './deliveries';
import inbox from './inbox';
import ingestion from './ingestion';
import listings from './listings';
import portalAuth from './portal-auth';

export default {
  advertisers,
  deliveries,
  inbox,
  ingestion,
  listings,
  'portal-auth': portalAuth,
};
