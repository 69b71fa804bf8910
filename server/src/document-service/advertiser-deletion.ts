import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { modelTable } from '../utils/model-table';

/** The machine-readable code of the refusal, in the error's details. */
export const ADVERTISER_HAS_LEADS = 'ADVERTISER_HAS_LEADS';

const refusal = (name: string) =>
  new errors.ApplicationError(
    `The portal has sent leads to “${name}”, so it cannot be deleted: its leads and delivery log would lose their advertiser. ` +
      'Deactivate it instead (Active: off): its URL then answers 404 on purpose, and the portal stops sending to it.',
    { code: ADVERTISER_HAS_LEADS }
  );

/**
 * Deleting an advertiser through the Document Service (the Content Manager's delete and bulk
 * delete both come here, one document at a time): refused once the portal has posted to it —
 * leads linked to it, or deliveries to any of its URL keys. Otherwise its keys stay reserved
 * (see the `advertiser-keys` service), so that a later advertiser never receives its leads.
 */
export const advertiserDeletionMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.advertiser || context.action !== 'delete') return next();
    const { documentId } = context.params as { documentId?: string };
    if (!documentId) return next();

    return strapi.db.transaction(async ({ trx }) => {
      /*
       * The row locked first (PostgreSQL, MySQL): a lead being linked to it meanwhile either
       * committed before, and is counted below, or waits on the lock and then finds no advertiser.
       * SQLite writes one transaction at a time anyway.
       */
      const table = modelTable(strapi, UID.advertiser);
      await strapi.db
        .getConnection(table.name)
        .transacting(trx)
        .where(table.column('documentId'), documentId)
        .forUpdate()
        .select(table.column('id'));
      const advertiser: { id: number; name: string; slug: string | null } | null = await strapi.db
        .query(UID.advertiser)
        .findOne({ where: { documentId }, select: ['id', 'name', 'slug'] });
      if (!advertiser) return next();

      const keys = getService(strapi, 'advertiser-keys');
      const urlKeys = new Set(await keys.keysOf(advertiser.id));
      if (advertiser.slug) urlKeys.add(keys.keyOf(advertiser.slug));
      const leads = await strapi.db.query(UID.lead).count({ where: { advertiser: { id: advertiser.id } } });
      const deliveries = urlKeys.size
        ? await strapi.db
            .query(UID.delivery)
            .count({ where: { $or: [...urlKeys].map((key) => ({ advertiserKey: { $eqi: key } })) } })
        : 0;
      if (leads > 0 || deliveries > 0) throw refusal(advertiser.name);

      if (advertiser.slug) await keys.retireAll(advertiser.id, advertiser.slug);
      return next();
    });
  };
