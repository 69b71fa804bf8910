import advertisers from './advertisers';
import deliveries from './deliveries';
import inbox from './inbox';
import lead from './lead';

export default { advertisers, deliveries, inbox, lead };
