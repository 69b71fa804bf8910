import { ACTIONS } from '../permissions';

const can = (...actions: string[]) => ({
  policies: [{ name: 'admin::hasPermissions', config: { actions } }],
});

/** The admin panel's API, under /grupozap, for logged-in admin users with the plugin's actions. */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/leads', handler: 'inbox.find', config: can(ACTIONS.leadsRead) },
    // LGPD: a search term names a person, so it travels in POST bodies, never in a URL
    { method: 'POST', path: '/leads/search', handler: 'inbox.search', config: can(ACTIONS.leadsRead) },
    { method: 'POST', path: '/leads/export', handler: 'inbox.export', config: can(ACTIONS.leadsExport) },
    { method: 'POST', path: '/leads/bulk', handler: 'inbox.bulkUpdate', config: can(ACTIONS.leadsUpdate) },
    { method: 'GET', path: '/leads/:documentId', handler: 'inbox.findOne', config: can(ACTIONS.leadsRead) },
    { method: 'PUT', path: '/leads/:documentId', handler: 'inbox.update', config: can(ACTIONS.leadsUpdate) },
    { method: 'POST', path: '/leads/:documentId/notes', handler: 'inbox.addNote', config: can(ACTIONS.leadsUpdate) },
    { method: 'GET', path: '/leads/:documentId/person', handler: 'inbox.person', config: can(ACTIONS.leadsRead) },
    { method: 'GET', path: '/leads/:documentId/visit.ics', handler: 'inbox.visitCalendar', config: can(ACTIONS.leadsRead) },
    { method: 'GET', path: '/inbox/options', handler: 'inbox.options', config: can(ACTIONS.leadsRead) },
    { method: 'GET', path: '/agents/me', handler: 'agents.findMe', config: can(ACTIONS.leadsRead) },
    { method: 'PUT', path: '/agents/me', handler: 'agents.updateMe', config: can(ACTIONS.leadsRead) },
    { method: 'GET', path: '/deliveries', handler: 'deliveries.find', config: can(ACTIONS.deliveriesRead) },
    { method: 'GET', path: '/alerts', handler: 'alerts.find', config: can(ACTIONS.deliveriesRead) },
    { method: 'GET', path: '/deliveries/:documentId', handler: 'deliveries.findOne', config: can(ACTIONS.deliveriesRead) },
    {
      method: 'POST',
      path: '/deliveries/:documentId/replay',
      handler: 'deliveries.replay',
      config: can(ACTIONS.deliveriesReplay),
    },
    { method: 'GET', path: '/settings', handler: 'settings.find', config: can(ACTIONS.settingsRead) },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: can(ACTIONS.settingsUpdate) },
    { method: 'POST', path: '/settings/secret', handler: 'settings.setSecret', config: can(ACTIONS.settingsUpdate) },
    {
      method: 'DELETE',
      path: '/settings/previous-secret',
      handler: 'settings.revokePreviousSecret',
      config: can(ACTIONS.settingsUpdate),
    },
    { method: 'GET', path: '/listing-source', handler: 'listing-source.find', config: can(ACTIONS.settingsRead) },
    // writes every mirrored Listing: the settings' update action, as the other changes made from Settings
    { method: 'POST', path: '/listing-source/resync', handler: 'listing-source.resync', config: can(ACTIONS.settingsUpdate) },
    {
      // for a Listing's edit view; the controller asks the Content Manager's permission checker
      method: 'GET',
      path: '/listings/:documentId/mirror',
      handler: 'listing-source.listingMirror',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    { method: 'POST', path: '/homologation/run', handler: 'homologation.run', config: can(ACTIONS.homologationRun) },
    {
      method: 'DELETE',
      path: '/homologation/test-leads',
      handler: 'homologation.deleteTestLeads',
      config: can(ACTIONS.homologationRun),
    },
    { method: 'GET', path: '/homologation/checklist', handler: 'homologation.checklist', config: can(ACTIONS.homologationRun) },
    {
      method: 'GET',
      path: '/homologation/advertisers',
      handler: 'homologation.advertisers',
      config: can(ACTIONS.homologationRun),
    },
    {
      method: 'GET',
      path: '/homologation/advertisers/:documentId/listings',
      handler: 'homologation.listings',
      config: can(ACTIONS.homologationRun),
    },
    {
      method: 'GET',
      path: '/advertisers/registration.csv',
      handler: 'advertisers.exportRegistration',
      config: can(ACTIONS.advertisersExport),
    },
    {
      // for the advertiser's edit view; the controller asks the Content Manager's permission checker
      method: 'GET',
      path: '/advertisers/:documentId/integration-url',
      handler: 'advertisers.integrationUrl',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      // feed health and the feed token: the controller asks the Content Manager's permission checker
      method: 'GET',
      path: '/advertisers/:documentId/feed',
      handler: 'advertisers.feedHealth',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      method: 'POST',
      path: '/advertisers/:documentId/feed/token',
      handler: 'advertisers.regenerateFeedToken',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    // LGPD: the person is named in POST bodies, never in a URL
    { method: 'GET', path: '/privacy/retention', handler: 'privacy.retention', config: can(ACTIONS.privacyRead) },
    { method: 'GET', path: '/privacy/audit', handler: 'privacy.audit', config: can(ACTIONS.privacyRead) },
    { method: 'POST', path: '/privacy/search', handler: 'privacy.search', config: can(ACTIONS.privacyRead) },
    { method: 'POST', path: '/privacy/export', handler: 'privacy.export', config: can(ACTIONS.privacyRead) },
    { method: 'POST', path: '/privacy/erase', handler: 'privacy.erase', config: can(ACTIONS.privacyErase) },
    { method: 'GET', path: '/reports', handler: 'reports.find', config: can(ACTIONS.reportsRead) },
    { method: 'GET', path: '/reports/export', handler: 'reports.export', config: can(ACTIONS.reportsRead) },
  ],
};
