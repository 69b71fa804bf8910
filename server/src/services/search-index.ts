import type { Core } from '@strapi/strapi';
import type { SearchIndexView } from '../../../shared/contracts/settings';
import { SearchIndexUnavailable, type SearchIndexEngine, type SearchRestriction } from '../search-index/engine';
import { indexFlag } from '../search-index/flag';
import { mysqlEngine } from '../search-index/mysql';
import { postgresEngine } from '../search-index/postgres';
import { sqliteEngine } from '../search-index/sqlite';
import { isTransientDatabaseError } from '../utils/database-errors';
import { isIndexable, searchTermOf } from '../utils/search-term';

type Filters = Record<string, unknown>;

/** How often an instance that is not building looks whether another one has finished. */
const POLL_MS = 10_000;
/** Tries of a build that the database chose as a deadlock's victim. */
const BUILD_ATTEMPTS = 4;

/** How a search is made: with the index (a restriction of the leads' query), or row by row (filters). */
export type SearchPlan = { restriction: SearchRestriction } | { filters: Filters };

const engineFor = (strapi: Core.Strapi): SearchIndexEngine => {
  const client = strapi.db.dialect.client;
  if (client === 'postgres') return postgresEngine(strapi);
  if (client === 'mysql') return mysqlEngine(strapi, indexFlag(strapi));
  return sqliteEngine(strapi, indexFlag(strapi));
};

/**
 * The inbox's search index (see search-index/*): made ready at each boot, after Strapi's schema
 * sync, and built after the boot when it lacks leads (an upgrade, or a SQLite table that Strapi
 * rebuilt), in steps, while searches read the table as before. Where the database cannot keep it,
 * searches read the table, the log says why once, and the settings page shows it.
 *
 * Not a Strapi migration: those run before the schema sync (the leads' table may not exist yet),
 * inside a transaction (PostgreSQL's CREATE INDEX CONCURRENTLY cannot), and once (a SQLite trigger
 * dropped later would never come back).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let engine: SearchIndexEngine | null = null;
  let view: SearchIndexView = { state: 'unavailable', kind: null, reason: 'not prepared yet' };
  let building: Promise<void> | null = null;
  let poll: NodeJS.Timeout | null = null;
  let stopping = false;

  const ready = (kind: string) => {
    view = { state: 'ready', kind, reason: null };
    if (poll) clearInterval(poll);
    poll = null;
  };

  const unavailable = (reason: string) => {
    view = { state: 'unavailable', kind: engine?.kind ?? null, reason };
    engine = null;
    strapi.log.warn(`[grupozap] inbox search without an index, reading the leads' table: ${reason}`);
  };

  /**
   * The build, again when the database chose it as a deadlock's victim: PostgreSQL's CREATE INDEX
   * CONCURRENTLY waits for every transaction that holds the table, and one of them that waits in
   * turn for the build (another boot's DDL on the leads' table) makes a deadlock. The index it left
   * invalid is dropped and made again by the next try.
   */
  const buildRetryingDeadlocks = async (current: SearchIndexEngine): Promise<boolean> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await current.build(() => stopping);
      } catch (error) {
        if (stopping || attempt >= BUILD_ATTEMPTS || !isTransientDatabaseError(error)) throw error;
        strapi.log.info(
          `[grupozap] the inbox search index build met a deadlock; trying again (${attempt + 1}/${BUILD_ATTEMPTS})`
        );
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt + Math.random() * 200));
      }
    }
  };

  /** Builds in the background; an instance that cannot (another one is) looks now and then. */
  const startBuild = (current: SearchIndexEngine) => {
    view = { state: 'building', kind: current.kind, reason: null };
    strapi.log.info(
      `[grupozap] building the inbox search index (${current.kind}); searches read the leads' table until it is done`
    );
    building = (async () => {
      try {
        if (await buildRetryingDeadlocks(current)) {
          ready(current.kind);
          strapi.log.info(`[grupozap] the inbox search index (${current.kind}) is ready`);
        } else if (!stopping && !poll) {
          poll = setInterval(() => {
            void current.isComplete().then(
              (complete) => complete && engine === current && ready(current.kind),
              () => undefined
            );
          }, POLL_MS);
          poll.unref();
        }
      } catch (error) {
        if (!stopping) unavailable(`building the index failed: ${(error as Error).message}`);
      } finally {
        building = null;
      }
    })();
  };

  return {
    /** At boot: makes what is missing, then builds in the background if the index lacks leads. */
    async prepare() {
      stopping = false;
      try {
        engine = engineFor(strapi);
        const { complete } = await engine.prepare();
        if (complete) ready(engine.kind);
        else startBuild(engine);
      } catch (error) {
        unavailable(
          error instanceof SearchIndexUnavailable ? error.message : `preparing the index failed: ${(error as Error).message}`
        );
      }
    },

    /** How to look for `q`: null when there is nothing to look for. */
    async plan(q: string | undefined | null): Promise<SearchPlan | null> {
      const term = searchTermOf(q);
      if (!term) return null;
      const serving = view.state === 'ready' || (view.state === 'building' && engine?.servesWhileBuilding?.() === true);
      if (engine && serving && isIndexable(term)) {
        try {
          const restriction = await engine.restriction(term);
          if (restriction) return { restriction };
        } catch (error) {
          // only the error's code: its message may quote the term, which names a person
          const { code } = error as { code?: string };
          strapi.log.warn(`[grupozap] the search index failed a search (${code ?? 'no code'}), reading the leads' table instead`);
        }
      }
      return { filters: this.likeFilters(term.text, term.digits) };
    },

    /** The search row by row, as before the index: `$containsi` on the text, `$contains` on the phones. */
    likeFilters(text: string, digits: string | null): Filters {
      const or: Filters[] = [{ name: { $containsi: text } }, { email: { $containsi: text } }, { message: { $containsi: text } }];
      if (digits) or.push({ phoneE164: { $contains: digits } }, { phone: { $contains: digits } });
      return { $or: or };
    },

    view: (): SearchIndexView => view,

    /** Resolves once no build is under way (tests, and a clean stop). */
    async settled() {
      await building;
    },

    async stop() {
      stopping = true;
      if (poll) clearInterval(poll);
      poll = null;
      await engine?.interrupt?.().catch(() => undefined);
      await building?.catch(() => undefined);
    },
  };
};
