import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { fieldError, shown } from '../document-service/field-error';

/** URL keys are matched regardless of letter case and surrounding spaces. */
export const keyOf = (slug: string): string => slug.trim().toLowerCase();

interface KeyRow {
  id: number;
  key: string;
  retiredAt: string | null;
  /** null once the advertiser was deleted: the key stays reserved. */
  advertiser: { id: number } | null;
}

export interface FormerKey {
  key: string;
  retiredAt: string;
}

const KEY_ROW = { select: ['id', 'key', 'retiredAt'], populate: { advertiser: { select: ['id'] } } };

/**
 * Every URL key an advertiser has had (table grupozap_advertiser_keys): its current slug, and
 * its former ones (`retiredAt` set), which keep answering, since the portal may still hold a URL
 * made of any of them. A key belongs to one advertiser for ever: the unique index on `key`
 * decides between concurrent saves, and the keys of a deleted advertiser stay reserved.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(UID.advertiserKey);
  const rowOf = (key: string): Promise<KeyRow | null> => rows().findOne({ where: { key: keyOf(key) }, ...KEY_ROW });

  /** Why this advertiser (null: a new one) may not take the key, or null when it may. */
  const refusal = async (key: string, advertiserId: number | null): Promise<string | null> => {
    const quoted = `“${shown(key)}”`;
    const row = await rowOf(key);
    if (row) {
      if (row.advertiser && row.advertiser.id === advertiserId) return null;
      if (!row.advertiser) {
        return `${quoted} was the URL key of a deleted advertiser and stays reserved: the portal may still post that advertiser’s leads to it. Choose another slug.`;
      }
      if (row.retiredAt) {
        return `${quoted} was the URL key of another advertiser, and its old URL still delivers that advertiser’s leads. Choose another slug.`;
      }
      return `Another advertiser already has the URL key ${quoted}.`;
    }
    // an advertiser saved without the Document Service has no key row yet
    const owner = await strapi.db.query(UID.advertiser).findOne({ where: { slug: { $eqi: keyOf(key) } }, select: ['id'] });
    return owner && owner.id !== advertiserId ? `Another advertiser already has the URL key ${quoted}.` : null;
  };

  return {
    keyOf,

    /** Refuses, with a message on `slug`, a key that is or was another advertiser's. */
    async assertAvailable(key: string, advertiserId: number | null): Promise<void> {
      const why = await refusal(key, advertiserId);
      if (why) throw fieldError('slug', why, key);
    },

    /** Makes the key the advertiser's current one: a new row, or one of its own former keys taken back. */
    async claim(advertiserId: number, key: string): Promise<void> {
      await this.assertAvailable(key, advertiserId);
      const row = await rowOf(key);
      if (!row) await rows().create({ data: { key: keyOf(key), advertiser: advertiserId, retiredAt: null } });
      else if (row.retiredAt) await rows().update({ where: { id: row.id }, data: { retiredAt: null } });
    },

    /** Keeps a key the advertiser leaves as a former one, still answering. */
    async retire(advertiserId: number, key: string, at = new Date()): Promise<void> {
      const row = await rowOf(key);
      if (!row) await rows().create({ data: { key: keyOf(key), advertiser: advertiserId, retiredAt: at } });
      else if (row.advertiser?.id === advertiserId && !row.retiredAt)
        await rows().update({ where: { id: row.id }, data: { retiredAt: at } });
    },

    /** Before an advertiser is deleted: all its keys become former ones (then reserved, unlinked). */
    async retireAll(advertiserId: number, currentSlug: string, at = new Date()): Promise<void> {
      await this.retire(advertiserId, currentSlug, at);
      const current: { id: number }[] = await rows().findMany({
        where: { advertiser: { id: advertiserId }, retiredAt: null },
        select: ['id'],
      });
      if (current.length)
        await rows().updateMany({ where: { id: { $in: current.map((row) => row.id) } }, data: { retiredAt: at } });
    },

    /** Every key of the advertiser, current and former (lower case). */
    async keysOf(advertiserId: number): Promise<string[]> {
      const found: { key: string }[] = await rows().findMany({ where: { advertiser: { id: advertiserId } }, select: ['key'] });
      return found.map((row) => row.key);
    },

    /** The advertiser's former keys, which still answer, most recently left first. */
    async formerKeys(advertiserId: number): Promise<FormerKey[]> {
      return rows().findMany({
        where: { advertiser: { id: advertiserId }, retiredAt: { $notNull: true } },
        select: ['key', 'retiredAt'],
        orderBy: [{ retiredAt: 'desc' }, { id: 'desc' }],
      });
    },

    /**
     * Gives a key row to each advertiser that has none for its slug (advertisers made before the
     * key history existed, or saved without the Document Service). Run at bootstrap.
     */
    async recordMissing(): Promise<void> {
      const advertisers = strapi.db.query(UID.advertiser);
      for (let after = 0; ; ) {
        const page: { id: number; slug: string | null }[] = await advertisers.findMany({
          where: { id: { $gt: after } },
          select: ['id', 'slug'],
          orderBy: { id: 'asc' },
          limit: 500,
        });
        if (!page.length) return;
        after = page[page.length - 1].id;
        const slugs = page.filter((advertiser) => advertiser.slug).map((advertiser) => keyOf(advertiser.slug as string));
        const known: KeyRow[] = slugs.length ? await rows().findMany({ where: { key: { $in: slugs } }, ...KEY_ROW }) : [];
        const recorded = new Map(known.map((row) => [row.key, row]));
        for (const advertiser of page) {
          if (!advertiser.slug) continue;
          const row = recorded.get(keyOf(advertiser.slug));
          if (row) {
            if (row.advertiser?.id !== advertiser.id) {
              strapi.log.warn(
                `[grupozap] the slug “${advertiser.slug}” of advertiser ${advertiser.id} is another advertiser’s URL key: its URL reaches that one. Change its slug.`
              );
            }
            continue;
          }
          try {
            await rows().create({ data: { key: keyOf(advertiser.slug), advertiser: advertiser.id, retiredAt: null } });
          } catch (error) {
            // another instance booting at the same time recorded it first
            if (!(await rowOf(advertiser.slug))) throw error;
          }
        }
      }
    },
  };
};
