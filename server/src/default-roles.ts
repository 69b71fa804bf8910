import type { Core } from '@strapi/strapi';
import { revokeDefaultRolesContentManagerGrants } from './content-manager-grants';
import { grantDefaultPermissions } from './permissions';

type RoleService = Core.Service & { createRolesIfNoneExist(): Promise<void> };

/**
 * What the plugin asks of Strapi's default roles, on every boot: its own lead actions (once per
 * database) and no Content Manager access to its records and leads (every time, so an upgrade
 * and a role edited back are both covered).
 */
const configureDefaultRoles = async (strapi: Core.Strapi) => {
  await grantDefaultPermissions(strapi);
  const revoked = await revokeDefaultRolesContentManagerGrants(strapi);
  if (revoked > 0) {
    strapi.log.info(
      `[grupozap] removed ${revoked} Content Manager permissions of the Editor and Author roles on the plugin's records and leads`
    );
  }
};

/**
 * Strapi's admin makes sure its default roles exist (and, on a fresh database, creates them with
 * their Content Manager grants) in its own bootstrap, after the plugins' bootstrap: the roles are
 * configured right after that step, by extending the admin's role service.
 */
export const configureDefaultRolesOnBoot = (strapi: Core.Strapi) => {
  strapi.get('services').extend(
    'admin::role',
    (service: RoleService): RoleService => ({
      ...service,
      async createRolesIfNoneExist() {
        await service.createRolesIfNoneExist();
        await configureDefaultRoles(strapi);
      },
    })
  );
};
