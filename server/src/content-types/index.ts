import advertiser from './advertiser';
import delivery from './delivery';
import lead from './lead';
import listing from './listing';
import note from './note';

export default { advertiser, listing, lead, delivery, note };
