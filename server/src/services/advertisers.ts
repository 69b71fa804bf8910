import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { batchLoader, rowFor } from '../utils/batch-loader';
import { toCsv } from '../utils/csv';
import { getService } from '../utils/get-service';
import { keyOf } from './advertiser-keys';

/** An advertiser as a lead's placement needs it, with what decides the work after its arrival. */
export interface AdvertiserRef {
  id: number;
  documentId: string;
  slug: string;
  active: boolean;
  slaMinutes: number | null;
  distributionEnabled: boolean | null;
  sendLeadEmail: boolean | null;
  email: string | null;
}

export const ADVERTISER_REF_FIELDS = [
  'id',
  'documentId',
  'slug',
  'active',
  'slaMinutes',
  'distributionEnabled',
  'sendLeadEmail',
  'email',
];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * Lead URLs of concurrent deliveries, looked up together in the key history: a key is an
   * advertiser's current slug or one of its former ones. A key no row has is looked for among
   * the slugs too (an advertiser saved without the Document Service has no row yet).
   */
  const byKey = batchLoader<string, AdvertiserRef>(strapi, async (keys) => {
    const wanted = [...new Set(keys)];
    const rows: { key: string; advertiser: AdvertiserRef | null }[] = await strapi.db.query(UID.advertiserKey).findMany({
      where: { key: { $in: wanted } },
      select: ['key'],
      populate: { advertiser: { select: ADVERTISER_REF_FIELDS } },
    });
    const unrecorded = wanted.filter((key) => !rowFor(rows, (row) => row.key, key));
    const bySlug: AdvertiserRef[] = unrecorded.length
      ? await strapi.db.query(UID.advertiser).findMany({
          where: { $or: unrecorded.map((key) => ({ slug: { $eqi: key } })) },
          select: ADVERTISER_REF_FIELDS,
        })
      : [];
    return keys.map((key) => {
      const row = rowFor(rows, (found) => found.key, key);
      if (row) return row.advertiser;
      return rowFor(bySlug, (advertiser) => keyOf(advertiser.slug), key);
    });
  });

  return {
    /**
     * The advertiser named in a lead URL, by its current slug or any former one; keys match
     * whatever their letter case. null for an unknown key, or one of a deleted advertiser.
     */
    findByKey(key: string): Promise<AdvertiserRef | null> {
      return byKey.load(keyOf(key));
    },

    /** An active advertiser by its (normalized) CPF or CNPJ, used for MCMV leads. */
    async findActiveByDocument(document: string): Promise<AdvertiserRef | null> {
      return strapi.db.query(UID.advertiser).findOne({
        where: { document, active: true },
        select: ADVERTISER_REF_FIELDS,
      });
    },

    /** The URL to register with the portal for an advertiser, in the URL form of the settings. */
    async integrationUrl(slug: string): Promise<string> {
      const settings = getService(strapi, 'settings');
      return settings.endpointUrl(await settings.current(), slug);
    },

    /**
     * The portal's batch registration CSV: one row per active advertiser, in the portal's three
     * columns. `feedUrls` adds a fourth, FEED_URL (the VRSync feed URL with its token, empty where
     * the token cannot be read back): the agency's own list of what to register in Canal Pro,
     * not a file the portal's batch import takes.
     */
    async registrationCsv({ feedUrls = false }: { feedUrls?: boolean } = {}): Promise<string> {
      const rows: { id: number; document: string; slug: string; sendLeadEmail: boolean }[] = await strapi.db
        .query(UID.advertiser)
        .findMany({
          where: { active: true },
          select: ['id', 'document', 'slug', 'sendLeadEmail'],
          orderBy: { name: 'asc' },
        });
      const settings = getService(strapi, 'settings');
      const current = await settings.current();
      const portalColumns = (row: (typeof rows)[number]) => [
        row.document,
        settings.endpointUrl(current, row.slug),
        row.sendLeadEmail ? 'true' : 'false',
      ];
      if (!feedUrls) return toCsv(['DOCUMENT', 'URL', 'SEND_LEAD_EMAIL'], rows.map(portalColumns));
      const feeds = await getService(strapi, 'listing-feed').recoverableUrls(rows);
      return toCsv(
        ['DOCUMENT', 'URL', 'SEND_LEAD_EMAIL', 'FEED_URL'],
        rows.map((row) => [...portalColumns(row), feeds.get(row.id) ?? ''])
      );
    },
  };
};
