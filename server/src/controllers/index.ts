import advertisers from './advertisers';
import deliveries from './deliveries';
import inbox from './inbox';
import lead from './lead';
import settings from './settings';

export default { advertisers, deliveries, inbox, lead, settings };
