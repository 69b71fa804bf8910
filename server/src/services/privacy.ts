import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../constants';
import { redactedDeliveryBody, type StoredDeliveryBody } from '../delivery/redacted-row';
import { checkpointWal, enableSecureDelete } from '../sqlite-erasure';
import {
  contactCpfs,
  mentions,
  ownsContact,
  parseSubject,
  subjectReference,
  termsOf,
  type DataSubject,
} from '../utils/data-subject';
import { getPluginConfig } from '../utils/plugin-config';
import { restAfter, yieldToRequests } from '../utils/yield-to-requests';
import { createRedactor, type RedactionTerms, type Redactor } from '../utils/redaction';
import { asText, parseStored } from '../utils/subject-keys';
import { getService } from '../utils/get-service';
import type { RecordKind } from './subject-keys';
import { modelTable } from '../utils/model-table';
import type {
  PrivacyAuditAction,
  PrivacyAuditEntry,
  PrivacyCounts,
  PrivacyErasure,
  PrivacyExport,
  PrivacySearchResult,
  RetentionPreview,
  RetentionRun,
} from '../../../shared/contracts/privacy';

type Row = Record<string, unknown> & { id: number };
type Where = Record<string, unknown>;

/** Rows read or written per statement: bounded memory and IN lists on every database. */
export const PRIVACY_BATCH_SIZE = 500;
/**
 * Leads per step of the retention purge: a step holds the database and the process for a few
 * milliseconds, not more (at a million leads, steps of 100 put the portal's p99 over 100 ms).
 */
const RETENTION_BATCH_SIZE = 50;
/** Rows of each kind a search answer lists (an erase or an export takes them all). */
const SEARCH_LIST_LIMIT = 200;
/** Other identifiers of the person a search suggests at most. */
const OTHER_IDENTIFIERS_LIMIT = 10;

/** The lead's personal data, all of it: what anonymisation blanks. Counts and dates stay. */
const ANONYMISED_LEAD = {
  name: null,
  email: null,
  phoneE164: null,
  ddd: null,
  phone: null,
  message: null,
  extraData: null,
  payload: null,
} as const;

/**
 * A delivery keeps its outcome, code, timing and lead; not what the person sent (as text, or as
 * the exact bytes kept beside it, with their signature), nor the IP.
 */
const ANONYMISED_DELIVERY = { body: null, rawBase64: null, signature: null, ip: null } as const;

/** Notes are rows (counted, dated, authored) without their text. */
const ANONYMISED_NOTE_BODY = '';

/** A delivery of someone else whose body could not be redacted keeps its outcome, IP and lead, not its body. */
const CLEARED_DELIVERY_BODY = { body: null, rawBase64: null, signature: null } as const;

/** Names, e-mails, phones and CPFs of the person's own leads taken out of others' texts beside the identifier, at most this many of each. */
const MAX_KNOWN_TERMS = 20;

const NO_COUNTS: PrivacyCounts = { leads: 0, notes: 0, deliveries: 0 };

const DAY_MS = 24 * 60 * 60 * 1000;

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
};

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** The lead's texts that someone else's identifiers may be written in. */
const LEAD_TEXTS = ['name', 'message', 'payload', 'extraData'] as const;

/** Where the person is: their own records, and others' records that mention them. */
interface Located {
  /** Leads whose contact is the person's (e-mail, phone, CPF field). */
  leadIds: number[];
  /** Deliveries of those leads, and deliveries whose body is the person's own contact. */
  deliveryIds: number[];
  mentions: { leadIds: number[]; noteIds: number[]; deliveryIds: number[] };
  /** What the person's own leads say they are called and reached at: taken out of others' texts too. */
  known: Required<RedactionTerms>;
}

const countsOf = (mentioned: Located['mentions']): PrivacyCounts => ({
  leads: mentioned.leadIds.length,
  notes: mentioned.noteIds.length,
  deliveries: mentioned.deliveryIds.length,
});

/** Adds `value` to a bounded set of distinct, non-empty strings. */
const collect = (into: Set<string>, value: unknown) => {
  if (typeof value === 'string' && value.trim() && into.size < MAX_KNOWN_TERMS) into.add(value.trim());
};

const USER_SELECT = ['id', 'firstname', 'lastname'];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const leads = () => strapi.db.query(UID.lead);
  const notes = () => strapi.db.query(UID.note);
  const deliveries = () => strapi.db.query(UID.delivery);
  const audits = () => strapi.db.query(UID.privacyAudit);

  /** Every row matching `where`, `batchSize` at a time in id order, handed to `each`. */
  const scan = async (
    query: () => ReturnType<typeof leads>,
    where: Where,
    select: string[],
    each: (rows: Row[]) => void | Promise<void>,
    batchSize = PRIVACY_BATCH_SIZE,
    populate?: Record<string, unknown>
  ) => {
    let after = 0;
    for (;;) {
      const rows = (await query().findMany({
        where: { $and: [where, { id: { $gt: after } }] },
        select: ['id', ...select.filter((field) => field !== 'id')],
        ...(populate ? { populate } : {}),
        orderBy: { id: 'asc' },
        limit: batchSize,
      })) as Row[];
      if (!rows.length) return;
      await each(rows);
      after = rows[rows.length - 1].id;
      if (rows.length < batchSize) return;
      await yieldToRequests();
    }
  };

  /** The lead is the person's: its contact fields say so (a mention in its message does not). */
  const ownsLead = (subject: DataSubject, lead: Row): boolean =>
    ownsContact(subject, { email: lead.email, phoneNumber: lead.phoneE164, extraData: parseStored(lead.extraData) }) ||
    ownsContact(subject, parseStored(lead.payload));

  /** Every fragment of the identifier in `field`: the database's cheap first cut (`mentions` decides). */
  const holdsFragments = (subject: DataSubject, field: string): Where => ({
    $and: subject.fragments.map((fragment) => ({ [field]: { $containsi: fragment } })),
  });

  const leadCandidates = (subject: DataSubject): Where => {
    const or: Where[] = LEAD_TEXTS.map((field) => holdsFragments(subject, field));
    if (subject.kind === 'email') or.push({ email: { $eqi: subject.value } });
    if (subject.kind === 'phone') or.push({ phoneE164: subject.value });
    return { $or: or };
  };

  const relatedId = (row: Row, relation: string): number | null => (row[relation] as { id: number } | null)?.id ?? null;

  /** A query of a link table, in the running transaction if there is one (SQLite's one connection is held by it). */
  const linkQuery = async (table: string, build: (query: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<unknown> =>
    strapi.db.inTransaction()
      ? strapi.db.transaction(({ trx }) => build(strapi.db.getConnection(table).transacting(trx)))
      : build(strapi.db.getConnection(table));

  /**
   * The notes or deliveries of these leads, read from the link table by its lead index (the
   * Query Engine's filter on the relation joins from the notes' or deliveries' side, which SQLite
   * reads whole).
   */
  const linkedIds = async (uid: typeof UID.note | typeof UID.delivery, leadIds: number[]): Promise<number[]> => {
    const link = modelTable(strapi, uid).link('lead');
    if (!link) throw new Error(`${uid} has no lead link table`);
    const ids: number[] = [];
    for (const batch of chunks(leadIds, PRIVACY_BATCH_SIZE)) {
      const rows = (await linkQuery(link.name, (query) =>
        query.select({ id: link.joinColumn.name }).whereIn(link.inverseJoinColumn.name, batch)
      )) as Array<{ id: number }>;
      ids.push(...rows.map((row) => Number(row.id)));
    }
    return [...new Set(ids)].sort((a, b) => a - b);
  };

  /** How many notes or deliveries each of these leads has, from the link table. */
  const linkedCounts = async (uid: typeof UID.note | typeof UID.delivery, leadIds: number[]): Promise<Map<number, number>> => {
    const link = modelTable(strapi, uid).link('lead');
    if (!link) throw new Error(`${uid} has no lead link table`);
    const counts = new Map<number, number>();
    for (const batch of chunks(leadIds, PRIVACY_BATCH_SIZE)) {
      const rows = (await linkQuery(link.name, (query) =>
        query
          .select({ lead: link.inverseJoinColumn.name })
          .count({ count: '*' })
          .whereIn(link.inverseJoinColumn.name, batch)
          .groupBy(link.inverseJoinColumn.name)
      )) as Array<{ lead: number; count: number | string }>;
      for (const row of rows) counts.set(Number(row.lead), Number(row.count));
    }
    return counts;
  };

  /**
   * The rows of a table where the person may be, `each` batch by batch: the candidates the
   * subject-key table gave (by id), or, where it gave none (not there, or a backfill under way),
   * every row holding the identifier's fragments, as before it.
   */
  const candidates = async (
    query: () => ReturnType<typeof leads>,
    ids: number[] | null,
    fallback: Where,
    select: string[],
    each: (rows: Row[]) => void | Promise<void>,
    populate?: Record<string, unknown>
  ) => {
    if (!ids) return scan(query, fallback, select, each, PRIVACY_BATCH_SIZE, populate);
    for (const batch of chunks(ids, PRIVACY_BATCH_SIZE)) {
      const rows = (await query().findMany({
        where: { id: { $in: batch } },
        select: ['id', ...select.filter((field) => field !== 'id')],
        ...(populate ? { populate } : {}),
        orderBy: { id: 'asc' },
      })) as Row[];
      if (rows.length) await each(rows);
    }
  };

  /**
   * Finds the person in every text the plugin keeps: leads (own, or mentioning them), notes on
   * other leads, delivery bodies. The subject-key table names the records that may hold them (or
   * the database narrows by fragments, where it cannot); pure code decides. Only ids (and a few
   * names) are held, never the rows.
   */
  const locate = async (subject: DataSubject): Promise<Located> => {
    const keyed = await getService(strapi, 'subject-keys').candidates(subject);
    const redactor = createRedactor(termsOf(subject));
    const mentioned = (value: unknown) => mentions(subject, asText(value), redactor);
    const own = new Set<number>();
    const found: Located['mentions'] = { leadIds: [], noteIds: [], deliveryIds: [] };
    const names = new Set<string>();
    const emails = new Set<string>();
    const phones = new Set<string>();
    const cpfs = new Set<string>();

    await candidates(leads, keyed.l, leadCandidates(subject), ['email', 'phoneE164', ...LEAD_TEXTS], (rows) => {
      for (const row of rows) {
        if (ownsLead(subject, row)) {
          own.add(row.id);
          collect(names, row.name);
          collect(names, (parseStored(row.payload) as { name?: unknown } | undefined)?.name);
          if (typeof row.email === 'string') collect(emails, row.email.trim().toLowerCase());
          collect(phones, row.phoneE164);
          for (const cpf of [...contactCpfs(parseStored(row.payload)), ...contactCpfs({ extraData: parseStored(row.extraData) })])
            collect(cpfs, cpf);
        } else if (LEAD_TEXTS.some((field) => mentioned(row[field]))) {
          found.leadIds.push(row.id);
        }
      }
    });

    await candidates(
      notes,
      keyed.n,
      holdsFragments(subject, 'body'),
      ['body'],
      (rows) => {
        for (const row of rows) {
          const leadId = relatedId(row, 'lead');
          if (!(leadId && own.has(leadId)) && mentioned(row.body)) found.noteIds.push(row.id);
        }
      },
      { lead: { select: ['id'] } }
    );

    const deliveryIds = new Set<number>();
    await candidates(
      deliveries,
      keyed.d,
      holdsFragments(subject, 'body'),
      ['body'],
      (rows) => {
        for (const row of rows) {
          const leadId = relatedId(row, 'lead');
          if (leadId && own.has(leadId)) deliveryIds.add(row.id);
          else if (!mentioned(row.body)) continue;
          // a refusal, or a conflicting redelivery, of the person's own contact is theirs
          else if (ownsContact(subject, parseStored(row.body))) deliveryIds.add(row.id);
          else found.deliveryIds.push(row.id);
        }
      },
      { lead: { select: ['id'] } }
    );

    const leadIds = [...own].sort((a, b) => a - b);
    // the leads' own deliveries too: a body not kept still leaves the IP
    for (const id of await linkedIds(UID.delivery, leadIds)) deliveryIds.add(id);
    return {
      leadIds,
      deliveryIds: [...deliveryIds].sort((a, b) => a - b),
      mentions: found,
      known: { names: [...names], emails: [...emails], phones: [...phones], cpfs: [...cpfs] },
    };
  };

  const noteIdsOf = (leadIds: number[]): Promise<number[]> => linkedIds(UID.note, leadIds);

  /**
   * Blanks personal data by id, `PRIVACY_BATCH_SIZE` rows per statement, each batch with its
   * data-subject keys made again at once. Joins a running transaction.
   */
  const anonymise = async (
    ids: { leadIds: number[]; noteIds: number[]; deliveryIds: number[] },
    now: Date
  ): Promise<PrivacyCounts> => {
    /** Blanks each batch with `blank` and keys it again, in one transaction; how many rows it blanked. */
    const inBatches = async (kind: RecordKind, all: number[], blank: (batch: number[]) => Promise<{ count: number }>) => {
      let blanked = 0;
      for (const batch of chunks(all, PRIVACY_BATCH_SIZE)) {
        await strapi.db.transaction(async () => {
          blanked += (await blank(batch)).count;
          await getService(strapi, 'subject-keys').indexNow(kind, batch);
        });
      }
      return blanked;
    };
    const leadsBlanked = await inBatches('l', ids.leadIds, async (batch) => {
      const blanked = await leads().updateMany({
        where: { id: { $in: batch } },
        data: { ...ANONYMISED_LEAD, anonymizedAt: now },
      });
      // apart from the person's leads that are not anonymised (the link would tie them to someone)
      await getService(strapi, 'people').separate(batch);
      return blanked;
    });
    const notesBlanked = await inBatches('n', ids.noteIds, (batch) =>
      notes().updateMany({ where: { id: { $in: batch } }, data: { body: ANONYMISED_NOTE_BODY } })
    );
    const deliveriesBlanked = await inBatches('d', ids.deliveryIds, (batch) =>
      deliveries().updateMany({ where: { id: { $in: batch } }, data: { ...ANONYMISED_DELIVERY, anonymizedAt: now } })
    );
    return { leads: leadsBlanked, notes: notesBlanked, deliveries: deliveriesBlanked };
  };

  /**
   * Takes the person out of others' records in place: each mention becomes the marker, the rest
   * of the text stays (it is that other person's). A text the redactor would leave still
   * mentioning them (JSON nested deeper than it reads, say) is cleared instead. Rows are read
   * again here, inside the erasure's transaction. Joins a running transaction.
   */
  const redactMentions = async (subject: DataSubject, redactor: Redactor, ids: Located['mentions']): Promise<PrivacyCounts> => {
    const counts = { leads: 0, notes: 0, deliveries: 0 };
    const identifier = createRedactor(termsOf(subject));
    const stillMentions = (value: unknown) => mentions(subject, asText(value), identifier);

    for (const batch of chunks(ids.leadIds, PRIVACY_BATCH_SIZE)) {
      for (const lead of await fetchByIds(leads, batch, { select: ['id', ...LEAD_TEXTS] })) {
        const data: Record<string, unknown> = {};
        for (const field of LEAD_TEXTS) {
          const value = lead[field];
          if (value === null || value === undefined) continue;
          const redacted = typeof value === 'string' ? redactor.text(value) : redactor.json(value).value;
          if (redacted !== value) data[field] = stillMentions(redacted) ? null : redacted;
          else if (stillMentions(value)) data[field] = null;
        }
        if (!Object.keys(data).length) continue;
        await leads().update({ where: { id: lead.id }, data, select: ['id'] });
        counts.leads += 1;
      }
    }

    for (const batch of chunks(ids.noteIds, PRIVACY_BATCH_SIZE)) {
      for (const note of await fetchByIds(notes, batch, { select: ['id', 'body'] })) {
        const body = typeof note.body === 'string' ? note.body : '';
        const redacted = redactor.text(body);
        const next = stillMentions(redacted) ? ANONYMISED_NOTE_BODY : redacted;
        if (next === body) continue;
        await notes().update({ where: { id: note.id }, data: { body: next }, select: ['id'] });
        counts.notes += 1;
      }
    }

    for (const batch of chunks(ids.deliveryIds, PRIVACY_BATCH_SIZE)) {
      const rows = await fetchByIds(deliveries, batch, {
        select: ['id', 'body', 'rawBase64', 'contentType', 'advertiserKey', 'path', 'signature'],
      });
      for (const row of rows) {
        const stored = row as unknown as StoredDeliveryBody & { id: number };
        if (stored.body === null) continue;
        const redacted = redactedDeliveryBody(strapi, stored, redactor);
        const data =
          !redacted || stillMentions(redacted.body) ? (stillMentions(stored.body) ? CLEARED_DELIVERY_BODY : null) : redacted;
        if (!data) continue;
        await deliveries().update({
          where: { id: stored.id },
          data: { body: data.body, rawBase64: data.rawBase64, signature: data.signature },
          select: ['id'],
        });
        counts.deliveries += 1;
      }
    }
    return counts;
  };

  const audit = (
    action: PrivacyAuditAction,
    now: Date,
    {
      adminUserId = null,
      subject = null,
      counts,
      mentioned = NO_COUNTS,
      cutoff = null,
    }: {
      adminUserId?: number | null;
      subject?: DataSubject | null;
      counts: PrivacyCounts;
      mentioned?: PrivacyCounts;
      cutoff?: Date | null;
    }
  ) =>
    audits().create({
      data: {
        action,
        performedAt: now,
        adminUserId,
        subjectKind: subject?.kind ?? null,
        subjectRef: subject ? service.reference(subject) : null,
        leadsCount: counts.leads,
        notesCount: counts.notes,
        deliveriesCount: counts.deliveries,
        mentionLeadsCount: mentioned.leads,
        mentionNotesCount: mentioned.notes,
        mentionDeliveriesCount: mentioned.deliveries,
        cutoff,
      },
      select: ['id'],
    });

  const fetchByIds = async (
    query: () => ReturnType<typeof leads>,
    ids: number[],
    params: Record<string, unknown>
  ): Promise<Row[]> => {
    const out: Row[] = [];
    for (const batch of chunks(ids, PRIVACY_BATCH_SIZE)) {
      out.push(...((await query().findMany({ ...params, where: { id: { $in: batch } }, orderBy: { id: 'asc' } })) as Row[]));
    }
    return out;
  };

  const retentionCutoff = (now: Date): { retentionDays: number | null; cutoff: Date | null } => {
    const { retentionDays } = getPluginConfig(strapi);
    return {
      retentionDays: retentionDays ?? null,
      cutoff: retentionDays ? new Date(now.getTime() - retentionDays * DAY_MS) : null,
    };
  };

  const expiredLeads = (cutoff: Date): Where => ({ receivedAt: { $lt: cutoff }, anonymizedAt: { $null: true } });
  /** Old deliveries, and any of a lead already anonymised (a redelivery after the fact). */
  const expiredDeliveries = (cutoff: Date): Where => ({
    anonymizedAt: { $null: true },
    $or: [
      { receivedAt: { $lt: cutoff } },
      { lead: { receivedAt: { $lt: cutoff } } },
      { lead: { anonymizedAt: { $notNull: true } } },
    ],
  });

  const service = {
    /** The audit log's stand-in for the person (see `subjectReference`). */
    reference(subject: Pick<DataSubject, 'kind' | 'value'>): string {
      const keys = (strapi.config.get('server.app.keys') as string[] | undefined) ?? [];
      return subjectReference(
        subject,
        keys.length ? keys : [String(strapi.config.get('admin.auth.secret') ?? '')].filter(Boolean)
      );
    },

    /**
     * What is held about the person: their leads and deliveries (first rows of each, and the
     * counts), and how many records of others mention them.
     */
    async search(subject: DataSubject, adminUserId: number, now = new Date()): Promise<PrivacySearchResult> {
      const { leadIds, deliveryIds, mentions: mentioned } = await locate(subject);
      const noteIds = await noteIdsOf(leadIds);
      const listed = leadIds.slice(0, SEARCH_LIST_LIMIT);
      const leadRows = await fetchByIds(leads, listed, {
        select: ['id', 'documentId', 'receivedAt', 'name', 'email', 'phoneE164', 'leadStatus', 'leadOrigin', 'anonymizedAt'],
        populate: { advertiser: { select: ['documentId', 'name'] } },
      });
      const noteCounts = await linkedCounts(UID.note, listed);
      const deliveryCounts = await linkedCounts(UID.delivery, listed);
      const deliveryRows = await fetchByIds(deliveries, deliveryIds.slice(0, SEARCH_LIST_LIMIT), {
        select: [
          'id',
          'documentId',
          'receivedAt',
          'outcome',
          'httpStatus',
          'code',
          'advertiserKey',
          'ip',
          'body',
          'anonymizedAt',
        ],
        populate: { lead: { select: ['documentId'] } },
      });
      const counts = { leads: leadIds.length, notes: noteIds.length, deliveries: deliveryIds.length };
      // the person's other e-mails and phones, on their own leads: a search by each finds the rest
      const others = new Map<string, PrivacySearchResult['otherIdentifiers'][number]>();
      for (const lead of leadRows) {
        for (const found of [
          parseSubject('email', String(lead.email ?? '')),
          parseSubject('phone', String(lead.phoneE164 ?? '')),
        ]) {
          if (!found || found.kind === 'cpf' || (found.kind === subject.kind && found.value === subject.value)) continue;
          if (others.size < OTHER_IDENTIFIERS_LIMIT)
            others.set(`${found.kind}:${found.value}`, { kind: found.kind, value: found.value });
        }
      }
      await audit('search', now, { adminUserId, subject, counts, mentioned: countsOf(mentioned) });
      return {
        subject: { kind: subject.kind, value: subject.value },
        counts,
        mentions: countsOf(mentioned),
        leads: leadRows.map((lead) => ({
          documentId: lead.documentId as string,
          receivedAt: iso(lead.receivedAt),
          name: (lead.name as string | null) ?? null,
          email: (lead.email as string | null) ?? null,
          phoneE164: (lead.phoneE164 as string | null) ?? null,
          status: lead.leadStatus as string,
          leadOrigin: (lead.leadOrigin as string | null) ?? null,
          advertiser: (lead.advertiser as { name: string } | null)?.name ?? null,
          notes: noteCounts.get(lead.id) ?? 0,
          deliveries: deliveryCounts.get(lead.id) ?? 0,
          anonymizedAt: iso(lead.anonymizedAt),
        })),
        deliveries: deliveryRows.map((row) => ({
          documentId: row.documentId as string,
          receivedAt: iso(row.receivedAt),
          outcome: row.outcome as string,
          httpStatus: row.httpStatus as number,
          code: row.code as string,
          advertiserKey: (row.advertiserKey as string | null) ?? null,
          lead: (row.lead as { documentId: string } | null)?.documentId ?? null,
          hasBody: typeof row.body === 'string' && row.body.length > 0,
          hasIp: Boolean(row.ip),
        })),
        otherIdentifiers: [...others.values()],
      };
    },

    /** Everything held about the person, as JSON for them (LGPD art. 18 II). */
    async export(subject: DataSubject, adminUserId: number, now = new Date()): Promise<PrivacyExport> {
      const { leadIds, deliveryIds, mentions: mentioned } = await locate(subject);
      const leadRows = await fetchByIds(leads, leadIds, {
        populate: {
          advertiser: { select: ['documentId', 'name', 'slug'] },
          listing: { select: ['documentId', 'clientListingId', 'title', 'url'] },
          assignee: { select: USER_SELECT },
          notes: { populate: { author: { select: USER_SELECT } }, orderBy: { createdAt: 'asc' } },
        },
      });
      const deliveryRows = await fetchByIds(deliveries, deliveryIds, { populate: { lead: { select: ['documentId'] } } });
      const byLead = new Map<string, Row[]>();
      const others: Row[] = [];
      const leadDocumentIds = new Set(leadRows.map((lead) => lead.documentId as string));
      for (const row of deliveryRows) {
        const leadDocumentId = (row.lead as { documentId: string } | null)?.documentId;
        const clean = { ...row, lead: leadDocumentId ?? null };
        delete (clean as Partial<Row>).id;
        if (leadDocumentId && leadDocumentIds.has(leadDocumentId))
          byLead.set(leadDocumentId, [...(byLead.get(leadDocumentId) ?? []), clean as Row]);
        else others.push(clean as Row);
      }
      const noteCount = leadRows.reduce((sum, lead) => sum + ((lead.notes as unknown[]) ?? []).length, 0);
      await audit('export', now, {
        adminUserId,
        subject,
        counts: { leads: leadRows.length, notes: noteCount, deliveries: deliveryRows.length },
        mentioned: countsOf(mentioned),
      });
      const activities = getService(strapi, 'activities');
      const timelines = new Map<number, Awaited<ReturnType<typeof activities.timeline>>>();
      for (const lead of leadRows) timelines.set(lead.id, await activities.timeline(lead.id));
      return {
        exportedAt: now.toISOString(),
        subject: { kind: subject.kind, value: subject.value },
        leads: leadRows.map(({ id, ...lead }) => ({
          ...lead,
          notes: ((lead.notes as Row[]) ?? []).map(({ id: _noteId, ...note }) => note),
          deliveries: byLead.get(lead.documentId as string) ?? [],
          // what happened to the lead (its deliveries are above)
          activities: timelines.get(id) ?? [],
        })),
        deliveries: others,
        mentions: countsOf(mentioned),
      };
    },

    /**
     * Erases the person (LGPD art. 18 VI): anonymises their own records (their leads, kept for the
     * counts without personal data; the leads' notes' text; the raw bodies and IPs of their
     * deliveries), and takes their mentions out of others' records (another lead's message or
     * payload, a note on another lead, another lead's delivery), replacing each by a marker. One
     * transaction, with its audit entry; then, on SQLite, the write-ahead log is checkpointed.
     */
    async erase(subject: DataSubject, adminUserId: number, now = new Date()): Promise<PrivacyErasure> {
      // found first, outside the transaction: SQLite has one connection, the lead route waits on it
      const located = await locate(subject);
      const subjectTerms = termsOf(subject);
      const redactor = createRedactor({
        names: located.known.names,
        emails: [...new Set([...(subjectTerms.emails ?? []), ...located.known.emails])],
        phones: [...new Set([...(subjectTerms.phones ?? []), ...located.known.phones])],
        cpfs: [...new Set([...(subjectTerms.cpfs ?? []), ...located.known.cpfs])],
      });
      const erasure = await strapi.db.transaction(async ({ trx }) => {
        await enableSecureDelete(strapi, trx);
        const noteIds = await noteIdsOf(located.leadIds);
        const counts = await anonymise({ leadIds: located.leadIds, noteIds, deliveryIds: located.deliveryIds }, now);
        const redacted = await redactMentions(subject, redactor, located.mentions);
        await audit('erase', now, { adminUserId, subject, counts, mentioned: redacted });
        return { ...counts, redacted };
      });
      await checkpointWal(strapi);
      return erasure;
    },

    /**
     * The deliveries that reached an anonymised lead afterwards (the portal redelivering an
     * erased lead): their raw bodies and IPs go too. Part of every daily run, retention on or off.
     */
    async sweepAnonymisedLeads(now = new Date(), { batchSize = PRIVACY_BATCH_SIZE } = {}): Promise<number> {
      let count = 0;
      await scan(
        deliveries,
        { anonymizedAt: { $null: true }, lead: { anonymizedAt: { $notNull: true } } },
        [],
        async (rows) => {
          count += (await anonymise({ leadIds: [], noteIds: [], deliveryIds: rows.map((row) => row.id) }, now)).deliveries;
        },
        batchSize
      );
      if (count) await audit('retention', now, { counts: { leads: 0, notes: 0, deliveries: count } });
      return count;
    },

    /** What the retention job would anonymise if it ran at `now`. */
    async retentionPreview(now = new Date()): Promise<RetentionPreview> {
      const { retentionDays, cutoff } = retentionCutoff(now);
      if (!cutoff) return { retentionDays, cutoff: null, leadsAffected: 0, deliveriesAffected: 0 };
      const [leadsAffected, deliveriesAffected] = await Promise.all([
        leads().count({ where: expiredLeads(cutoff) }),
        deliveries().count({ where: expiredDeliveries(cutoff) }),
      ]);
      return { retentionDays, cutoff: cutoff.toISOString(), leadsAffected, deliveriesAffected };
    },

    /**
     * The retention job: anonymises the leads received before `now` − `retentionDays` (with their
     * notes' text and deliveries), then the old deliveries of any lead, `batchSize` leads per
     * transaction, so that any number of rows goes through in bounded memory; after each, it rests
     * as long as the step took, so that the portal's deliveries keep their pace. Idempotent, and
     * safe when several Strapi instances run it at once. Does nothing when `retentionDays` is null.
     */
    async runRetention(now = new Date(), { batchSize = RETENTION_BATCH_SIZE } = {}): Promise<RetentionRun> {
      const { retentionDays, cutoff } = retentionCutoff(now);
      const total = { leads: 0, notes: 0, deliveries: 0 };
      if (!cutoff) return { retentionDays, cutoff: null, ...total };
      const add = (counts: PrivacyCounts) => {
        total.leads += counts.leads;
        total.notes += counts.notes;
        total.deliveries += counts.deliveries;
      };

      await scan(
        leads,
        expiredLeads(cutoff),
        [],
        async (rows) => {
          const started = Date.now();
          // with the person's other expired leads: anonymised together, they stay one (anonymous)
          // person, apart from the person's leads that are kept (see people.separate)
          const leadIds = await getService(strapi, 'people').withExpiredOfSamePeople(
            rows.map((row) => row.id),
            expiredLeads(cutoff)
          );
          await strapi.db.transaction(async () => {
            // claimed here: another instance's job may have taken some of these meanwhile
            const claimed = (await leads().findMany({
              where: { id: { $in: leadIds }, anonymizedAt: { $null: true } },
              select: ['id'],
            })) as Row[];
            const ids = claimed.map((row) => row.id);
            if (!ids.length) return;
            const deliveryRows = (await deliveries().findMany({
              where: { lead: { id: { $in: ids } } },
              select: ['id'],
            })) as Row[];
            add(
              await anonymise(
                { leadIds: ids, noteIds: await noteIdsOf(ids), deliveryIds: deliveryRows.map((row) => row.id) },
                now
              )
            );
          });
          // the portal's deliveries go on meanwhile: a nightly purge of a year's leads may take its time
          await restAfter(Date.now() - started);
        },
        batchSize
      );

      await scan(
        deliveries,
        expiredDeliveries(cutoff),
        [],
        async (rows) => {
          const started = Date.now();
          add(await anonymise({ leadIds: [], noteIds: [], deliveryIds: rows.map((row) => row.id) }, now));
          await restAfter(Date.now() - started);
        },
        batchSize
      );

      if (total.leads || total.notes || total.deliveries) await audit('retention', now, { counts: total, cutoff });
      return { retentionDays, cutoff: cutoff.toISOString(), ...total };
    },

    /**
     * The daily job (Strapi cron, 03:30 in the CRM's zone). It reads `retentionDays` on each run:
     * null, it only clears redeliveries of anonymised leads; else the whole retention. Then, on
     * SQLite, it checkpoints the write-ahead log.
     */
    scheduleRetention() {
      strapi.cron.add({
        [RETENTION_JOB]: {
          task: async () => {
            try {
              if (!getPluginConfig(strapi).retentionDays) {
                const swept = await service.sweepAnonymisedLeads(new Date());
                if (swept) strapi.log.info(`[grupozap] privacy: ${swept} redeliveries of anonymised leads anonymised`);
                return;
              }
              const run = await service.runRetention(new Date());
              strapi.log.info(
                `[grupozap] retention: ${run.leads} leads, ${run.notes} notes, ${run.deliveries} deliveries anonymised (received before ${run.cutoff})`
              );
            } catch (error) {
              strapi.log.error(`[grupozap] retention job failed (it runs again tomorrow): ${(error as Error).message}`);
            } finally {
              // what it anonymised, and what an erasure could not checkpoint, leaves SQLite's WAL
              await checkpointWal(strapi);
            }
          },
          options: { rule: '0 30 3 * * *', tz: getPluginConfig(strapi).zonelessTimezone },
        },
      });
    },

    /** The latest audit entries, newest first. */
    async auditLog(limit = 50): Promise<PrivacyAuditEntry[]> {
      const rows = (await audits().findMany({ orderBy: [{ performedAt: 'desc' }, { id: 'desc' }], limit })) as Row[];
      return rows.map((row) => ({
        id: row.id,
        action: row.action as PrivacyAuditAction,
        performedAt: iso(row.performedAt) as string,
        adminUserId: (row.adminUserId as number | null) ?? null,
        subjectKind: (row.subjectKind as PrivacyAuditEntry['subjectKind']) ?? null,
        subjectRef: (row.subjectRef as string | null) ?? null,
        leadsCount: Number(row.leadsCount ?? 0),
        notesCount: Number(row.notesCount ?? 0),
        deliveriesCount: Number(row.deliveriesCount ?? 0),
        mentionLeadsCount: Number(row.mentionLeadsCount ?? 0),
        mentionNotesCount: Number(row.mentionNotesCount ?? 0),
        mentionDeliveriesCount: Number(row.mentionDeliveriesCount ?? 0),
        cutoff: iso(row.cutoff),
      }));
    },
  };
  return service;
};

export const RETENTION_JOB = 'grupozap-retention';
