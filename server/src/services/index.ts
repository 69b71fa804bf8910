import activities from './activities';
import advertiserKeys from './advertiser-keys';
import advertisers from './advertisers';
import deliveries from './deliveries';
import deliveryAlerts from './delivery-alerts';
import distribution from './distribution';
import followUps from './follow-ups';
import homologation from './homologation';
import homologationTarget from './homologation-target';
import inbox from './inbox';
import ingestion from './ingestion';
import leadArrival from './lead-arrival';
import leadEvents from './lead-events';
import leadWriter from './lead-writer';
import listingFeed from './listing-feed';
import listingSource from './listing-source';
import listings from './listings';
import notifications from './notifications';
import people from './people';
import pipeline from '../delivery/pipeline';
import portalAuth from './portal-auth';
import privacy from './privacy';
import reportDays from './report-days';
import reports from './reports';
import searchIndex from './search-index';
import settings from './settings';
import sla from './sla';
import subjectKeys from './subject-keys';

export default {
  activities,
  'advertiser-keys': advertiserKeys,
  advertisers,
  deliveries,
  'delivery-alerts': deliveryAlerts,
  distribution,
  'follow-ups': followUps,
  homologation,
  'homologation-target': homologationTarget,
  inbox,
  ingestion,
  'lead-arrival': leadArrival,
  'lead-events': leadEvents,
  'lead-writer': leadWriter,
  'listing-feed': listingFeed,
  'listing-source': listingSource,
  listings,
  notifications,
  people,
  pipeline,
  'portal-auth': portalAuth,
  privacy,
  'report-days': reportDays,
  reports,
  'search-index': searchIndex,
  settings,
  sla,
  'subject-keys': subjectKeys,
};
