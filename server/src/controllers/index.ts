import advertisers from './advertisers';
import alerts from './alerts';
import deliveries from './deliveries';
import inbox from './inbox';
import lead from './lead';
import settings from './settings';

export default { advertisers, alerts, deliveries, inbox, lead, settings };
