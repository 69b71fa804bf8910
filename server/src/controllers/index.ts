import advertisers from './advertisers';
import agents from './agents';
import alerts from './alerts';
import deliveries from './deliveries';
import homologation from './homologation';
import inbox from './inbox';
import lead from './lead';
import settings from './settings';

export default { advertisers, agents, alerts, deliveries, homologation, inbox, lead, settings };
