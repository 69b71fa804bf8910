import advertisers from './advertisers';
import deliveries from './deliveries';
import ingestion from './ingestion';
import listings from './listings';
import portalAuth from './portal-auth';

export default {
  advertisers,
  deliveries,
  ingestion,
  listings,
  'portal-auth': portalAuth,
};
