import advertisers from './advertisers';
import agents from './agents';
import alerts from './alerts';
import deliveries from './deliveries';
import feed from './feed';
import homologation from './homologation';
import inbox from './inbox';
import lead from './lead';
import listingSource from './listing-source';
import privacy from './privacy';
import reports from './reports';
import settings from './settings';

export default {
  advertisers,
  agents,
  alerts,
  deliveries,
  feed,
  homologation,
  inbox,
  lead,
  'listing-source': listingSource,
  privacy,
  reports,
  settings,
};
