import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  CLOSED_LEAD_STATUSES,
  PERSON_LEADS_COUNTED,
  PERSON_LEADS_SHOWN,
  type LeadPerson,
  type PersonLead,
} from '../../../shared/contracts/leads';
import { UID } from '../constants';
import { retryingTransient } from '../utils/database-errors';
import { withApiStatus } from '../utils/lead-status';
import { modelTable } from '../utils/model-table';
import { getPluginConfig } from '../utils/plugin-config';
import { restAfter } from '../utils/yield-to-requests';

type Filters = Record<string, unknown>;

/** Leads given their person per step of the background attach (after an upgrade, an import). */
const ATTACH_BATCH = 200;
/**
 * Leads read at most by the one statement that counts the people of an inbox page (a person's
 * leads are few); when it reads that many, a person with many leads may have taken them all, and
 * each person is counted on their own (up to PERSON_LEADS_COUNTED).
 */
const PAGE_COUNT_ROWS = 1000;
/** The cron task that gives their person to leads written outside the lead route. */
export const PEOPLE_CRON_TASK = 'grupozap-people';
const PEOPLE_CRON_RULE = '15 * * * * *';

/** What makes a lead someone's: the phone the server validated, the e-mail, the advertiser. */
export interface PersonOf {
  id: number;
  phoneE164: string | null;
  email: string | null;
  advertiser: { id: number } | null;
}

/**
 * The e-mails that are the same address as `email` and may be stored: as sent (trimmed) and in
 * lower case. Both are looked up by the index on `email`: most portals send addresses in lower
 * case, and a lowered comparison (`LOWER(email)`) would read every lead.
 */
export const emailForms = (email: string | null | undefined): string[] => {
  const trimmed = email?.trim() ?? '';
  if (!trimmed.includes('@')) return [];
  return [...new Set([trimmed, trimmed.toLowerCase()])];
};

/** What names a contact: its phone (E.164), its e-mail as compared (trimmed, lower case) and as it may be stored. */
interface Identifiers {
  phone: string | null;
  email: string | null;
  emailForms: string[];
}

const identifiersOf = (contact: { phoneE164: string | null; email: string | null }): Identifiers => {
  const forms = emailForms(contact.email);
  return {
    phone: contact.phoneE164 || null,
    email: forms.length ? (contact.email as string).trim().toLowerCase() : null,
    emailForms: forms,
  };
};

const matchOf = (person: Pick<PersonOf, 'phoneE164' | 'email'>, other: { phoneE164: string | null; email: string | null }) => {
  const matched: PersonLead['matchedBy'] = [];
  if (person.phoneE164 && other.phoneE164 === person.phoneE164) matched.push('phone');
  const email = person.email?.trim().toLowerCase();
  if (email && other.email?.trim().toLowerCase() === email) matched.push('email');
  return matched;
};

const PERSON_SELECT = ['id', 'phoneE164', 'email'];

/** Lead ids by their person's id, in the rows' order. */
const groupByPerson = (rows: Array<{ id: number; personId: number }>): Map<number, number[]> => {
  const byPerson = new Map<number, number[]>();
  for (const { id, personId } of rows) {
    const ids = byPerson.get(Number(personId));
    if (ids) ids.push(id);
    else byPerson.set(Number(personId), [id]);
  }
  return byPerson;
};

/** A lead about to be written, as far as its person goes. */
export interface NewLeadContact {
  phoneE164: string | null;
  email: string | null;
  advertiserId: number | null;
}

/** A new lead's person: one that has leads already, or the person begun by lead `firstOf` of the same group. */
export type NewLeadPerson = { personId: number } | { firstOf: number };

/** The people of a group of new leads, found before their insert (see `placeNewLeads`). */
export interface NewLeadPeople {
  persons: NewLeadPerson[];
  /** Whether each lead is its person's newest (the last of the group that is theirs). */
  latest: boolean[];
}

/**
 * One person, one history: the leads of a person are those with the same phone (E.164, so any
 * spelling the portal sent) or the same e-mail, from any portal, with the same advertiser (the
 * agency that holds the person's data) — or with any advertiser when the app's config says
 * `peopleAcrossAdvertisers` (one agency under several advertiser accounts). Always within what
 * the reader may read.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const leads = () => strapi.db.query(UID.lead);
  let attaching: Promise<number> | null = null;
  let stopping = false;

  /**
   * Marks the newest lead (highest id) of each person as the one the inbox's *one row per person*
   * shows, and the others not. Run again by whoever changed a person: the result is the same
   * whichever order two of them run in.
   */
  const markLatest = async (personIds: number[]): Promise<void> => {
    for (const personId of new Set(personIds)) {
      const newest: { id: number } | null = await leads().findOne({
        where: { personId },
        select: ['id'],
        orderBy: [{ id: 'desc' }],
      });
      if (!newest) continue;
      // on the (person_id, person_latest) index: a person with thousands of leads costs as one
      await leads().updateMany({
        where: { personId, personLatest: true, id: { $ne: newest.id } },
        data: { personLatest: false },
      });
      await leads().updateMany({
        where: { id: newest.id, $or: [{ personLatest: false }, { personLatest: { $null: true } }] },
        data: { personLatest: true },
      });
    }
  };

  /** The filter of the leads with `contact`'s phone or e-mail (and advertiser); null: it names nobody. */
  const sameContact = (contact: NewLeadContact, acrossAdvertisers: boolean): Filters | null => {
    const { phone, emailForms: emails } = identifiersOf(contact);
    const identifiers: Filters[] = [
      ...(phone ? [{ phoneE164: phone }] : []),
      ...(emails.length ? [{ email: { $in: emails } }] : []),
    ];
    if (!identifiers.length) return null;
    const advertiser = acrossAdvertisers ? {} : { advertiser: { id: contact.advertiserId ?? { $null: true } } };
    return { $and: [{ $or: identifiers }, advertiser] };
  };

  /**
   * The first lead the database meets with `contact`'s phone, else with its e-mail (and its
   * advertiser, unless across advertisers): an index step per identifier, however many leads the
   * contact has (a load test's has thousands). Written with knex: the Query Engine's relation
   * filter joins with DISTINCT, which made PostgreSQL read and sort every lead of the contact
   * (65 ms at 6,840 of them) inside the lead route's group commit.
   */
  const firstLeadOf = async (
    contact: NewLeadContact,
    acrossAdvertisers: boolean,
    { attached, before }: { attached?: boolean; before?: number } = {}
  ): Promise<{ id: number; personId: number | null } | null> => {
    const table = modelTable(strapi, UID.lead);
    const col = (attribute: string) => `l.${table.column(attribute)}`;
    const { phone, emailForms: emails } = identifiersOf(contact);
    const identifiers: Array<(query: Knex.QueryBuilder) => void> = [
      ...(phone ? [(query: Knex.QueryBuilder) => void query.where(col('phoneE164'), phone)] : []),
      ...(emails.length ? [(query: Knex.QueryBuilder) => void query.whereIn(col('email'), emails)] : []),
    ];
    if (!identifiers.length) return null;
    // the caller's transaction, if any (SQLite has one connection: a query beside it would wait for it)
    return strapi.db.transaction(async ({ trx }) => {
      for (const identify of identifiers) {
        const query = strapi.db
          .getConnection(`${table.name} as l`)
          .transacting(trx)
          .select({ id: col('id'), personId: col('personId') })
          .modify(identify)
          .first();
        if (attached !== undefined) query[attached ? 'whereNotNull' : 'whereNull'](col('personId'));
        if (before !== undefined) query.where(col('id'), '<', before);
        if (!acrossAdvertisers) {
          if (contact.advertiserId === null) query.whereNotExists(table.linkRowsOf('advertiser', col('id')));
          else query.whereExists(table.linkRowsOf('advertiser', col('id'), contact.advertiserId));
        }
        const row = (await query) as { id: unknown; personId: unknown } | undefined;
        if (row)
          return {
            id: Number(row.id),
            personId: row.personId === null || row.personId === undefined ? null : Number(row.personId),
          };
      }
      return null;
    });
  };

  /**
   * The person of the leads already written with `contact`'s phone or e-mail: of the first such
   * lead the database meets, its person, or its own id when it has none yet (a backfill under way:
   * the id is its person's when it is attached). Null: a new person.
   */
  const existingPersonOf = async (
    contact: NewLeadContact,
    acrossAdvertisers: boolean,
    { before }: { before?: number } = {}
  ): Promise<number | null> => {
    // one look-up for a new person (most leads); a second only while a backfill is under way
    const met = await firstLeadOf(contact, acrossAdvertisers, { before });
    if (!met || met.personId !== null) return met?.personId ?? null;
    const attached = await firstLeadOf(contact, acrossAdvertisers, { attached: true, before });
    return attached?.personId ?? met.id;
  };

  /** The keys under which a group's leads are the same person: each phone, each e-mail, per advertiser. */
  const contactKeys = (contact: NewLeadContact, acrossAdvertisers: boolean): string[] => {
    const scope = acrossAdvertisers ? '*' : String(contact.advertiserId ?? '-');
    const { phone, email } = identifiersOf(contact);
    return [...(phone ? [`${scope} phone ${phone}`] : []), ...(email ? [`${scope} email ${email}`] : [])];
  };

  const service = {
    /** The filter of `person`'s other leads; null when the lead names nobody (no phone, no e-mail). */
    samePerson(person: PersonOf, { acrossAdvertisers = getPluginConfig(strapi).peopleAcrossAdvertisers } = {}): Filters | null {
      const where = sameContact({ ...person, advertiserId: person.advertiser?.id ?? null }, acrossAdvertisers);
      return where && { $and: [where, { id: { $ne: person.id } }] };
    },

    /**
     * The people of a group of leads about to be written (the lead route's group commit, in its
     * transaction): a lead whose phone or e-mail an earlier lead of the group has is that lead's
     * person; another, the person of the leads already written with them (one look-up per
     * contact), or a new person. Written with the leads, their person costs no commit of its own.
     */
    async placeNewLeads(contacts: NewLeadContact[]): Promise<NewLeadPeople> {
      const acrossAdvertisers = getPluginConfig(strapi).peopleAcrossAdvertisers;
      const known = new Map<string, NewLeadPerson>();
      const persons: NewLeadPerson[] = [];
      for (const [index, contact] of contacts.entries()) {
        const keys = contactKeys(contact, acrossAdvertisers);
        const inGroup = keys.map((key) => known.get(key)).find(Boolean);
        const existing = inGroup ? null : await existingPersonOf(contact, acrossAdvertisers);
        const person = inGroup ?? (existing === null ? { firstOf: index } : { personId: existing });
        persons.push(person);
        for (const key of keys) if (!known.has(key)) known.set(key, person);
      }
      const personKey = (person: NewLeadPerson) => ('personId' in person ? `p${person.personId}` : `g${person.firstOf}`);
      const lastOf = new Map(persons.map((person, index) => [personKey(person), index]));
      return { persons, latest: persons.map((person, index) => lastOf.get(personKey(person)) === index) };
    },

    /**
     * Completes the people of a group of new leads, now written with `ids` (in the order given to
     * `placeNewLeads`) and with the `personId` and `personLatest` it found: a new person's id is
     * their first lead's, known only now; the older leads of a returning person are no longer
     * their newest. A few statements per group, whatever its size.
     */
    async attachNewLeads(ids: number[], { persons, latest }: NewLeadPeople): Promise<void> {
      const { name: tableName, column } = modelTable(strapi, UID.lead);
      const followersOf = new Map<number, number[]>();
      const returning = new Set<number>();
      for (const [index, person] of persons.entries()) {
        if ('personId' in person) returning.add(person.personId);
        else if (person.firstOf === index) followersOf.set(index, []);
        else followersOf.get(person.firstOf)!.push(ids[index]);
      }
      await strapi.db.transaction(async ({ trx }) => {
        const firstIds = [...followersOf.keys()].map((index) => ids[index]);
        if (firstIds.length) {
          // a new person's id is their first lead's
          await strapi.db
            .getConnection(tableName)
            .transacting(trx)
            .whereIn(column('id'), firstIds)
            .update({ [column('personId')]: strapi.db.connection.ref(column('id')) });
        }
        for (const [index, followers] of followersOf) {
          if (followers.length) {
            await strapi.db
              .getConnection(tableName)
              .transacting(trx)
              .whereIn(column('id'), followers)
              .update({ [column('personId')]: ids[index] });
          }
        }
        if (returning.size) {
          await leads().updateMany({
            where: {
              personId: { $in: [...returning] },
              personLatest: true,
              id: { $notIn: ids.filter((_, index) => latest[index]) },
            },
            data: { personLatest: false },
          });
        }
      });
    },

    /** The person's other leads for a reader whose leads are `scope`; null: the lead is not theirs. */
    async otherLeadsOf(documentId: string, scope: Filters): Promise<LeadPerson | null> {
      const lead: PersonOf | null = await leads().findOne({
        where: { $and: [{ documentId }, scope] },
        select: PERSON_SELECT,
        populate: { advertiser: { select: ['id'] } },
      });
      if (!lead) return null;
      const where = service.samePerson(lead);
      if (!where) return { leads: [], more: false };
      const rows: Array<Record<string, unknown> & { phoneE164: string | null; email: string | null }> = await leads().findMany({
        where: { $and: [where, scope] },
        select: ['documentId', 'receivedAt', 'leadStatus', 'leadOrigin', 'clientListingId', 'phoneE164', 'email'],
        populate: {
          advertiser: { select: ['documentId', 'name'] },
          listing: { select: ['documentId', 'clientListingId', 'title'] },
          assignee: { select: ['id', 'firstname', 'lastname', 'email'] },
        },
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        limit: PERSON_LEADS_SHOWN + 1,
      });
      return {
        leads: rows.slice(0, PERSON_LEADS_SHOWN).map(({ phoneE164, email, ...row }) => ({
          ...(withApiStatus(row) as Omit<PersonLead, 'matchedBy'>),
          matchedBy: matchOf(lead, { phoneE164, email }),
        })),
        more: rows.length > PERSON_LEADS_SHOWN,
      };
    },

    /**
     * Who holds `lead`'s person now: the assignee of their newest open lead (not won or lost, not
     * a test) with the same advertiser, whatever the config says about people across advertisers
     * (an advertiser's agents work its own leads). Null: nobody.
     */
    async holderOf(lead: PersonOf): Promise<number | null> {
      const where = service.samePerson(lead, { acrossAdvertisers: false });
      if (!where || !lead.advertiser) return null;
      const held: { assignee: { id: number } | null } | null = await leads().findOne({
        where: {
          $and: [
            where,
            { leadStatus: { $notIn: [...CLOSED_LEAD_STATUSES] } },
            { $or: [{ isTest: false }, { isTest: { $null: true } }] },
            { assignee: { id: { $notNull: true } } },
          ],
        },
        select: ['id'],
        populate: { assignee: { select: ['id'] } },
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      });
      return held?.assignee?.id ?? null;
    },

    /**
     * Gives the lead its person (`personId`: the id of the person's first lead, or the lead's own
     * id when nobody had written before) and marks the person's newest lead. The person is the one
     * of an earlier lead with the same phone or e-mail (within the advertiser unless
     * `peopleAcrossAdvertisers`), so that a person reached by a phone on one lead and an e-mail on
     * another stays one. Two first leads of one person arriving at the same instant may stay two
     * people. Returns the person's id; null when the lead is gone or has one already.
     */
    async attach(leadId: number): Promise<number | null> {
      const lead: (PersonOf & { personId: number | null }) | null = await leads().findOne({
        where: { id: leadId },
        select: [...PERSON_SELECT, 'personId'],
        populate: { advertiser: { select: ['id'] } },
      });
      if (!lead || lead.personId !== null) return null;
      const contact = { phoneE164: lead.phoneE164, email: lead.email, advertiserId: lead.advertiser?.id ?? null };
      const acrossAdvertisers = getPluginConfig(strapi).peopleAcrossAdvertisers;
      // the person of an earlier lead; one not yet given its person (a backfill under way) gives
      // its own id, which is the person's when it is attached
      const personId = await existingPersonOf(contact, acrossAdvertisers, { before: leadId });
      if (personId === null) {
        // a new person (most leads): one write, the lead is their newest
        await leads().updateMany({
          where: { id: leadId, personId: { $null: true } },
          data: { personId: leadId, personLatest: true },
        });
        return leadId;
      }
      await retryingTransient(async () => {
        await leads().updateMany({ where: { id: leadId, personId: { $null: true } }, data: { personId, personLatest: false } });
        await markLatest([personId]);
      }, 3);
      return personId;
    },

    /**
     * Leads still without a person (written by the Content Manager, the Query Engine or an import,
     * or there before an upgrade), oldest first, in steps that rest so requests keep their pace.
     * One run at a time in this process; `limit` leads at most. Returns how many it attached.
     */
    attachPending(limit = Number.POSITIVE_INFINITY): Promise<number> {
      // once Strapi stops, a cron tick between destroy() and the cron's own end starts nothing
      if (attaching || stopping) return attaching ?? Promise.resolve(0);
      attaching = (async () => {
        let done = 0;
        try {
          while (!stopping && done < limit) {
            const started = Date.now();
            const pending: Array<{ id: number }> = await leads().findMany({
              where: { personId: { $null: true } },
              select: ['id'],
              orderBy: [{ id: 'asc' }],
              limit: Math.min(ATTACH_BATCH, limit - done),
            });
            if (!pending.length) break;
            for (const { id } of pending) {
              if (stopping) break;
              await service.attach(id);
              done += 1;
            }
            await restAfter(Date.now() - started);
          }
        } catch (error) {
          if (!stopping) strapi.log.warn(`[grupozap] giving leads their person failed: ${(error as Error).message}`);
        } finally {
          attaching = null;
        }
        return done;
      })();
      return attaching;
    },

    /**
     * Parts anonymised leads (an erasure, the retention purge) from their person's leads that are
     * not: the link would tie what is left of them to someone identified. Of a person's leads, the
     * part that holds the person's first lead keeps the person's id, the other part takes its own
     * oldest lead's id; so leads anonymised together stay one (anonymous) person, and a report's
     * count of people over old, purged leads does not change. Each part's newest lead is marked.
     */
    async separate(anonymisedIds: number[]): Promise<void> {
      if (!anonymisedIds.length) return;
      const anonymised: Array<{ id: number; personId: number }> = await leads().findMany({
        where: { id: { $in: anonymisedIds }, personId: { $notNull: true } },
        select: ['id', 'personId'],
      });
      const byPerson = groupByPerson(anonymised);
      if (!byPerson.size) return;
      // the same people's leads that are kept, in one read (most anonymised people have none)
      const kept: Array<{ id: number; personId: number }> = await leads().findMany({
        where: { personId: { $in: [...byPerson.keys()] }, id: { $notIn: anonymisedIds }, anonymizedAt: { $null: true } },
        select: ['id', 'personId'],
        orderBy: [{ id: 'asc' }],
      });
      const keptByPerson = groupByPerson(kept);
      const marked: number[] = [];
      for (const [personId, leftIds] of keptByPerson) {
        const gone = byPerson.get(personId)!;
        const [rekeyed, newKey] = leftIds.includes(personId)
          ? [gone, gone.reduce((least, id) => Math.min(least, id))]
          : [leftIds, leftIds[0]];
        await leads().updateMany({ where: { id: { $in: rekeyed } }, data: { personId: newKey } });
        marked.push(personId, newKey);
      }
      // a person whose leads were all anonymised keeps their id and their newest lead's mark
      await markLatest(marked);
    },

    /** `leadIds` and the other leads of their people that `expired` selects (the retention purge's step). */
    async withExpiredOfSamePeople(leadIds: number[], expired: Filters): Promise<number[]> {
      const people: Array<{ personId: number }> = await leads().findMany({
        where: { id: { $in: leadIds }, personId: { $notNull: true } },
        select: ['personId'],
      });
      if (!people.length) return leadIds;
      const siblings: Array<{ id: number }> = await leads().findMany({
        where: { $and: [expired, { personId: { $in: [...new Set(people.map((row) => row.personId))] } }] },
        select: ['id'],
      });
      return [...new Set([...leadIds, ...siblings.map((row) => row.id)])];
    },

    /**
     * How many leads each person has among those the reader may read (`scope`), by person id,
     * up to PERSON_LEADS_COUNTED each.
     */
    async leadCounts(personIds: number[], scope: Filters): Promise<Map<number, number>> {
      const counts = new Map<number, number>();
      const ids = [...new Set(personIds)];
      if (!ids.length) return counts;
      const rows: Array<{ personId: number }> = await leads().findMany({
        where: { $and: [{ personId: { $in: ids } }, scope] },
        select: ['personId'],
        limit: PAGE_COUNT_ROWS,
      });
      if (rows.length < PAGE_COUNT_ROWS) {
        for (const row of rows) counts.set(Number(row.personId), (counts.get(Number(row.personId)) ?? 0) + 1);
        for (const [id, count] of counts) counts.set(id, Math.min(count, PERSON_LEADS_COUNTED));
        return counts;
      }
      // the read was cut short, perhaps by one person's thousands: each person on their own, bounded
      await Promise.all(
        ids.map(async (id) => {
          const own: unknown[] = await leads().findMany({
            where: { $and: [{ personId: id }, scope] },
            select: ['id'],
            limit: PERSON_LEADS_COUNTED,
          });
          if (own.length) counts.set(id, own.length);
        })
      );
      return counts;
    },

    /** Each minute, when the app runs Strapi's cron: the leads written outside the lead route get their person. */
    registerCron() {
      strapi.cron.add({
        [PEOPLE_CRON_TASK]: {
          task: async () => {
            const attached = await service.attachPending();
            if (attached) strapi.log.info(`[grupozap] ${attached} lead(s) given their person`);
          },
          options: { rule: PEOPLE_CRON_RULE },
        },
      });
    },

    async stop() {
      stopping = true;
      await attaching;
    },
  };

  return service;
};
