import advertisers from './advertisers';
import alerts from './alerts';
import deliveries from './deliveries';
import homologation from './homologation';
import inbox from './inbox';
import lead from './lead';
import settings from './settings';

export default { advertisers, alerts, deliveries, homologation, inbox, lead, settings };
