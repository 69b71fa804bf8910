import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';

/** Admin actions, as `plugin::grupozap.<uid>`. */
export const ACTIONS = {
  leadsRead: `plugin::${PLUGIN_ID}.leads.read`,
  leadsUpdate: `plugin::${PLUGIN_ID}.leads.update`,
  leadsExport: `plugin::${PLUGIN_ID}.leads.export`,
  deliveriesRead: `plugin::${PLUGIN_ID}.deliveries.read`,
  deliveriesReplay: `plugin::${PLUGIN_ID}.deliveries.replay`,
  advertisersExport: `plugin::${PLUGIN_ID}.advertisers.export`,
  homologationRun: `plugin::${PLUGIN_ID}.homologation.run`,
  privacyRead: `plugin::${PLUGIN_ID}.privacy.read`,
  privacyErase: `plugin::${PLUGIN_ID}.privacy.erase`,
  reportsRead: `plugin::${PLUGIN_ID}.reports.read`,
  settingsRead: `plugin::${PLUGIN_ID}.settings.read`,
  settingsUpdate: `plugin::${PLUGIN_ID}.settings.update`,
} as const;

export const IS_ASSIGNEE_CONDITION = `plugin::${PLUGIN_ID}.is-assignee`;

const pluginAction = (uid: string, displayName: string, subCategory: string) => ({
  section: 'plugins',
  pluginName: PLUGIN_ID,
  uid,
  displayName,
  subCategory,
});

const settingsAction = (uid: string, displayName: string) => ({
  section: 'settings',
  pluginName: PLUGIN_ID,
  category: 'Grupo ZAP',
  uid,
  displayName,
});

export const registerPermissions = async (strapi: Core.Strapi) => {
  const permission = strapi.service('admin::permission');
  await permission.actionProvider.registerMany([
    pluginAction('leads.read', 'Read leads', 'leads'),
    pluginAction('leads.update', 'Update leads (status, assignee, notes)', 'leads'),
    pluginAction('leads.export', 'Export leads (CSV)', 'leads'),
    pluginAction('deliveries.read', 'Read the delivery log', 'deliveries'),
    pluginAction('deliveries.replay', 'Replay a refused delivery', 'deliveries'),
    pluginAction('advertisers.export', 'Export advertisers for Grupo ZAP', 'advertisers'),
    pluginAction('homologation.run', 'Run the homologation checks', 'homologation'),
    pluginAction('privacy.read', 'Search and export a person’s data (LGPD)', 'privacy'),
    pluginAction('privacy.erase', 'Erase a person’s data (LGPD)', 'privacy'),
    pluginAction('reports.read', 'Read lead reports', 'reports'),
    settingsAction('settings.read', 'Read'),
    settingsAction('settings.update', 'Update'),
  ]);
  await permission.conditionProvider.register({
    displayName: 'Is assignee',
    name: 'is-assignee',
    plugin: PLUGIN_ID,
    handler: (user: { id: number }) => ({ 'assignee.id': user.id }),
  });
};

/** Strapi's default roles, by code: the roles a fresh install gives its editors and authors. */
export const DEFAULT_ROLE_CODES = { editor: 'strapi-editor', author: 'strapi-author' } as const;

const grantTo = async (strapi: Core.Strapi, editorId: number, authorId: number) => {
  const roles = strapi.service('admin::role');
  const workLeads = [ACTIONS.leadsRead, ACTIONS.leadsUpdate];
  await roles.addPermissions(
    editorId,
    workLeads.map((action) => ({ action, conditions: [] }))
  );
  await roles.addPermissions(
    authorId,
    workLeads.map((action) => ({ action, conditions: [IS_ASSIGNEE_CONDITION] }))
  );
  await strapi.store({ type: 'plugin', name: PLUGIN_ID }).set({ key: 'default-permissions-granted', value: true });
};

/**
 * Once per database: Editors read and work every lead; Authors only the leads assigned to them.
 * Admins change this afterwards in Settings → Roles like any other permission.
 */
export const grantDefaultPermissions = async (strapi: Core.Strapi) => {
  if (await strapi.store({ type: 'plugin', name: PLUGIN_ID }).get({ key: 'default-permissions-granted' })) return;
  const roles = strapi.service('admin::role');
  const [editor, author] = await Promise.all([
    roles.findOne({ code: DEFAULT_ROLE_CODES.editor }),
    roles.findOne({ code: DEFAULT_ROLE_CODES.author }),
  ]);
  if (editor && author) await grantTo(strapi, editor.id, author.id);
};
