import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

/** The part of the Content Manager's permission checker used here (its `permission-checker` service). */
interface PermissionChecker {
  cannot: Record<'read' | 'update', (entity?: object, field?: string) => boolean>;
}

/** Who created and last updated a document, with their roles: what "is creator" and "same role as creator" test. */
const WHO = { select: ['id'], populate: { roles: { select: ['id'] } } };

/**
 * The document of the URL (`ctx.params.documentId`), when this admin may `action` it (or its
 * `field`) in the Content Manager: the CM's own permission checker decides, with the role's
 * conditions applied to this very document, as the CM's findOne does. 403 when not, 404 when
 * there is no such document.
 */
export const permittedDocument = async <T extends object>(
  strapi: Core.Strapi,
  ctx: Context,
  uid: StrapiUID.ContentType,
  { action, field, notFound }: { action: 'read' | 'update'; field?: string; notFound: string }
): Promise<T & Record<string, unknown>> => {
  const { userAbility } = ctx.state as { userAbility: unknown };
  const checker: PermissionChecker = strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility, model: uid });
  if (checker.cannot[action]()) throw new errors.ForbiddenError();
  const document: (T & Record<string, unknown>) | null = await strapi.db
    .query(uid)
    .findOne({ where: { documentId: ctx.params.documentId }, populate: { createdBy: WHO, updatedBy: WHO } });
  if (!document) throw new errors.NotFoundError(notFound);
  if (checker.cannot[action](document, field)) throw new errors.ForbiddenError();
  return document;
};
