import { PLUGIN_ID } from './pluginId';

const action = (uid: string) => [{ action: `plugin::${PLUGIN_ID}.${uid}`, subject: null }];

/** The plugin's admin actions (registered by the server), as `useRBAC` and menu links take them. */
export const PERMISSIONS = {
  leadsRead: action('leads.read'),
  leadsUpdate: action('leads.update'),
  leadsExport: action('leads.export'),
  deliveriesRead: action('deliveries.read'),
  deliveriesReplay: action('deliveries.replay'),
  advertisersExport: action('advertisers.export'),
  homologationRun: action('homologation.run'),
  privacyRead: action('privacy.read'),
  privacyErase: action('privacy.erase'),
  reportsRead: action('reports.read'),
  settingsRead: action('settings.read'),
  settingsUpdate: action('settings.update'),
};
