import type { Core } from '@strapi/strapi';
import { UID } from './constants';
import { DEFAULT_ROLE_CODES } from './permissions';

/**
 * The content types whose data is only for the plugin's own actions: its records (the delivery
 * log, alerts, LGPD audit, availability, notes) and the leads. Advertisers and listings are not
 * here: they are set up in the Content Manager.
 */
export const PLUGIN_ONLY_SUBJECTS: readonly string[] = [
  UID.lead,
  UID.delivery,
  UID.deliveryAlert,
  UID.privacyAudit,
  UID.activity,
  UID.agent,
  UID.note,
];

/**
 * Takes from Strapi's default roles (Editor, Author) the Content Manager permissions they hold on
 * the plugin-only content types: Strapi gives those roles CRUD on every content type shown in the
 * Content Manager when it creates them, whatever the plugin's own actions say. Custom roles are
 * left alone (an admin made them on purpose); the Super Admin's are Strapi's to reset.
 * Idempotent; answers how many permissions it removed.
 */
export const revokeDefaultRolesContentManagerGrants = async (strapi: Core.Strapi): Promise<number> => {
  const permissions = strapi.service('admin::permission');
  const grants: Array<{ id: number }> = await permissions.findMany({
    select: ['id'],
    where: {
      action: { $startsWith: 'plugin::content-manager.explorer.' },
      subject: { $in: PLUGIN_ONLY_SUBJECTS },
      role: { code: { $in: Object.values(DEFAULT_ROLE_CODES) } },
    },
  });
  if (grants.length > 0) await permissions.deleteByIds(grants.map((grant) => grant.id));
  return grants.length;
};
