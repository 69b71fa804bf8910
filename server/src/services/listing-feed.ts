import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { FeedHealthView, FeedLeftOutView } from '../../../shared/contracts/advertisers';
import { LISTING_FEED_FIELDS } from '../config';
import { PLUGIN_ID, UID } from '../constants';
import { storableText } from '../delivery/body';
import { getService } from '../utils/get-service';
import { modelTable } from '../utils/model-table';
import { toVrsyncListing, type FeedListingRow } from '../utils/vrsync-listing';
import { feedEnd, feedStart, listingWriter } from '../utils/vrsync-xml';

/** Listings read per query: enough to keep round trips few, small enough to keep memory flat. */
export const FEED_BATCH_SIZE = 500;
/** The feed health lists this many left-out listings; the count covers them all. */
const LEFT_OUT_SHOWN = 200;

const LISTING_FIELDS = ['id', 'documentId', ...LISTING_FEED_FIELDS, 'photoUrls'];

/** The advertiser a feed belongs to, as the feed needs it. */
export interface FeedAdvertiser {
  id: number;
  documentId: string;
  slug: string;
  name: string;
  email: string | null;
  updatedAt: string | Date | null;
}

/** What identifies one state of a feed: its ETag and Last-Modified, and the base of photo URLs. */
export interface FeedVersion {
  etag: string;
  lastModified: Date;
  baseUrl: string | null;
}

const ADVERTISER_FIELDS = ['id', 'documentId', 'slug', 'name', 'email', 'updatedAt', 'active', 'feedTokenHash'];

/** Stored instead of the token (the Content Manager shows an advertiser's private fields to its readers). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Constant time: two hex digests of the same length. */
const sameToken = (given: string, storedHash: string) =>
  storedHash.length === 64 && timingSafeEqual(Buffer.from(tokenHash(given)), Buffer.from(storedHash));

const newToken = () => randomBytes(32).toString('base64url');

/** Strapi's own encryption (`admin.secrets.encryptionKey`), which keeps API tokens viewable: null without a key. */
interface EncryptionService {
  encrypt(value: string): string | null;
  decrypt(value: string): string | null;
}

const toDate = (value: string | Date | null | undefined): Date | null => {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * A JSON column's value as the Query Engine gives it: text parsed (twice when an early Strapi 5
 * stored it stringified twice), unreadable text as null (the feed reads lists only).
 */
const parsedJson = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? JSON.parse(parsed) : parsed;
  } catch {
    return null;
  }
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const listings = () => strapi.db.query(UID.listing);
  const encryption = (): EncryptionService | undefined => strapi.service('admin::encryption') as EncryptionService | undefined;

  /** What an advertiser's row keeps of its feed token. */
  const TOKEN_FIELDS = ['id', 'feedTokenHash', 'feedTokenEncrypted'];

  /**
   * The advertiser's feed token, when it can be read back: kept encrypted with the app's
   * encryption key (as Strapi keeps API tokens viewable), and only if it is still the token whose
   * hash the feed checks. Null without an encryption key, for a token made before one was set, or
   * after the key changed.
   */
  const keptToken = (row: { feedTokenHash?: string | null; feedTokenEncrypted?: string | null } | null): string | null => {
    if (!row?.feedTokenHash || !row.feedTokenEncrypted) return null;
    let token: string | null = null;
    try {
      token = encryption()?.decrypt(row.feedTokenEncrypted) ?? null;
    } catch {
      return null;
    }
    return token && sameToken(token, row.feedTokenHash) ? token : null;
  };

  /** The app's public URL (Settings → Grupo ZAP, else server.url): photos and the feed URL hang from it. */
  const publicUrl = async (): Promise<string | null> => (await getService(strapi, 'settings').current()).publicUrl;

  /**
   * The active listings of an advertiser, in id order, a batch at a time: one knex query a batch,
   * keyset-paged (`id > last`), the advertiser's link checked per row through its unique
   * (listing, advertiser) index. Written so that each database walks the listings' primary key
   * in order and stops at the batch's end: a join on the advertiser's index sorted every
   * remaining row of the advertiser again for each batch (SQLite: 10 times slower). The Query
   * Engine's findMany spent more time hydrating ~30 columns a row (and collecting the garbage)
   * than the database spent reading them.
   */
  async function* batches(advertiserId: number): AsyncGenerator<FeedListingRow[]> {
    const knex = strapi.db.connection;
    const table = modelTable(strapi, UID.listing);
    const id = `l.${table.column('id')}`;
    const active = `l.${table.column('active')}`;
    const columns = Object.fromEntries(LISTING_FIELDS.map((name) => [name, `l.${table.column(name)}`]));
    // SQLite keeps JSON as text; PostgreSQL and MySQL hand it over parsed
    const jsonFields = LISTING_FIELDS.filter((name) => table.type(name) === 'json');
    let lastId = 0;
    for (;;) {
      const rows: Record<string, unknown>[] = await knex({ l: table.name })
        .select(columns)
        .where(id, '>', lastId)
        // listings saved before the `active` column existed have no value: they count as active
        .andWhere((query) => query.where(active, true).orWhereNull(active))
        .whereExists(table.linkRowsOf('advertiser', id, advertiserId))
        .orderBy(id, 'asc')
        .limit(FEED_BATCH_SIZE);
      if (rows.length === 0) return;
      for (const row of rows) {
        for (const name of jsonFields) row[name] = parsedJson(row[name]);
      }
      yield rows as unknown as FeedListingRow[];
      if (rows.length < FEED_BATCH_SIZE) return;
      lastId = Number(rows[rows.length - 1].id);
    }
  }

  return {
    /**
     * The advertiser whose feed this key and token open, or null: unknown key, inactive
     * advertiser, no token generated yet, or a wrong one (all alike to the caller).
     */
    async authorize(key: string, token: unknown): Promise<FeedAdvertiser | null> {
      if (typeof token !== 'string' || token === '' || token.length > 200) return null;
      // no slug is like these, and PostgreSQL refuses NUL and lone surrogates in a query (a 500)
      if (key === '' || key.length > 255 || storableText(key) !== key) return null;
      const ref = await getService(strapi, 'advertisers').findByKey(key);
      if (!ref) return null;
      const advertiser = await strapi.db.query(UID.advertiser).findOne({ where: { id: ref.id }, select: ADVERTISER_FIELDS });
      if (!advertiser?.active || !advertiser.feedTokenHash) return null;
      if (!sameToken(token, advertiser.feedTokenHash)) return null;
      const { feedTokenHash: _hash, active: _active, ...rest } = advertiser;
      return rest as FeedAdvertiser;
    },

    /** ETag and Last-Modified from what the feed is made of: its listings' count and latest change. */
    async version(advertiser: FeedAdvertiser): Promise<FeedVersion> {
      const where = { advertiser: { id: advertiser.id } };
      const [count, latest, baseUrl] = await Promise.all([
        listings().count({ where }),
        listings().findOne({ where, select: ['updatedAt'], orderBy: { updatedAt: 'desc' } }),
        publicUrl(),
      ]);
      const times = [toDate(latest?.updatedAt), toDate(advertiser.updatedAt)].filter((date): date is Date => date !== null);
      const lastModified = new Date(Math.max(0, ...times.map((date) => date.getTime())));
      // HTTP dates have whole seconds
      lastModified.setMilliseconds(0);
      const source = [advertiser.id, count, toDate(latest?.updatedAt)?.toISOString(), lastModified.toISOString(), baseUrl].join(
        '|'
      );
      return { etag: `"${createHash('sha256').update(source).digest('base64url').slice(0, 27)}"`, lastModified, baseUrl };
    },

    /**
     * The whole feed as UTF-8 chunks, one batch of listings per chunk; left-out listings are
     * skipped. Each listing is encoded on its own: one string of a whole batch, built by
     * concatenation, cost more to flatten and encode (about 2 s at 50,000 listings) than the
     * listings cost to write.
     */
    async *xml(advertiser: FeedAdvertiser, version: FeedVersion): AsyncGenerator<Buffer> {
      const writeListing = listingWriter({ name: advertiser.name, email: advertiser.email });
      yield Buffer.from(
        feedStart({
          provider: advertiser.name,
          email: advertiser.email,
          contactName: advertiser.name,
          publishDate: version.lastModified.toISOString(),
        })
      );
      for await (const rows of batches(advertiser.id)) {
        const chunk: Buffer[] = [];
        for (const row of rows) {
          const mapped = toVrsyncListing(row, { baseUrl: version.baseUrl });
          if (mapped.ok) chunk.push(Buffer.from(writeListing(mapped.listing)));
        }
        if (chunk.length > 0) yield Buffer.concat(chunk);
      }
      yield Buffer.from(feedEnd());
    },

    /**
     * A new token: the URL given to the portal before answers 404 from now on. Stored hashed for
     * the feed's check, and encrypted (when the app has an encryption key) so that the feed health
     * and the registration export can show the whole URL again.
     */
    async regenerateToken(advertiserId: number): Promise<string> {
      const token = newToken();
      await strapi.db.query(UID.advertiser).update({
        where: { id: advertiserId },
        data: { feedTokenHash: tokenHash(token), feedTokenEncrypted: encryption()?.encrypt(token) ?? null },
      });
      return token;
    },

    /** The whole feed URL of each advertiser whose token can be read back (see `keptToken`), by advertiser id. */
    async recoverableUrls(advertisers: { id: number; slug: string }[]): Promise<Map<number, string>> {
      const urls = new Map<number, string>();
      if (advertisers.length === 0) return urls;
      const rows: { id: number; feedTokenHash: string | null; feedTokenEncrypted: string | null }[] = await strapi.db
        .query(UID.advertiser)
        .findMany({ where: { id: { $in: advertisers.map((advertiser) => advertiser.id) } }, select: TOKEN_FIELDS });
      const tokens = new Map(rows.map((row) => [row.id, keptToken(row)]));
      for (const advertiser of advertisers) {
        const token = tokens.get(advertiser.id);
        if (!token) continue;
        try {
          urls.set(advertiser.id, `${await this.feedUrl(advertiser.slug)}?token=${encodeURIComponent(token)}`);
        } catch (error) {
          if (!(error instanceof errors.ApplicationError)) throw error;
        }
      }
      return urls;
    },

    /** The feed route's path for an advertiser key, e.g. `/api/grupozap/feeds/jardim/vrsync.xml`. */
    feedPath(slug: string): string {
      return `${strapi.config.get('api.rest.prefix', '/api')}/${PLUGIN_ID}/feeds/${encodeURIComponent(slug)}/vrsync.xml`;
    },

    /** The feed URL without its token; throws a ValidationError while no public URL is configured. */
    async feedUrl(slug: string): Promise<string> {
      const base = await publicUrl();
      if (!base) {
        throw new errors.ValidationError(
          'Set the public URL of the CRM (Settings → Grupo ZAP, or server.url) to build the feed URL.'
        );
      }
      const root = new URL(base);
      return `${root.origin}${root.pathname.replace(/\/$/, '')}${this.feedPath(slug)}`;
    },

    /**
     * Feed health: how many listings the feed carries and which are left out, with why. Reads only.
     * The full URL (with its token): with the `token` just made by `regenerateToken`, or the one
     * kept encrypted when it can be read back.
     */
    async health(
      advertiser: { id: number; documentId: string; slug: string },
      newToken: string | null = null
    ): Promise<FeedHealthView> {
      const row = await strapi.db
        .query(UID.advertiser)
        .findOne({ where: { id: advertiser.id }, select: [...TOKEN_FIELDS, 'email'] });
      const kept = keptToken(row);
      const token = newToken ?? kept;
      let feedUrl: string | null = null;
      let problem: string | null = null;
      try {
        feedUrl = await this.feedUrl(advertiser.slug);
      } catch (error) {
        if (!(error instanceof errors.ApplicationError)) throw error;
        problem = error.message;
      }
      const baseUrl = await publicUrl();
      let inFeed = 0;
      let leftOutCount = 0;
      const leftOut: FeedLeftOutView[] = [];
      for await (const rows of batches(advertiser.id)) {
        for (const row of rows) {
          const mapped = toVrsyncListing(row, { baseUrl });
          if (mapped.ok) {
            inFeed += 1;
            continue;
          }
          leftOutCount += 1;
          if (leftOut.length < LEFT_OUT_SHOWN) {
            leftOut.push({
              documentId: row.documentId ?? '',
              clientListingId: row.clientListingId,
              title: row.title,
              reasons: mapped.reasons,
            });
          }
        }
      }
      const url = feedUrl && token ? `${feedUrl}?token=${encodeURIComponent(token)}` : null;
      return {
        documentId: advertiser.documentId,
        hasToken: Boolean(row?.feedTokenHash),
        feedUrl,
        url,
        token,
        tokenKept: kept !== null,
        problem,
        emailMissing: !row?.email,
        inFeed,
        leftOutCount,
        leftOut,
      };
    },
  };
};
