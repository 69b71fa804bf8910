import advertiser from './advertiser';
import delivery from './delivery';
import lead from './lead';
import listing from './listing';

export default { advertiser, listing, lead, delivery };
