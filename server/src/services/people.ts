import type { Core } from '@strapi/strapi';
import { CLOSED_LEAD_STATUSES, PERSON_LEADS_SHOWN, type LeadPerson, type PersonLead } from '../../../shared/contracts/leads';
import { UID } from '../constants';
import { withApiStatus } from '../utils/lead-status';
import { getPluginConfig } from '../utils/plugin-config';

type Filters = Record<string, unknown>;

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

const matchOf = (person: Pick<PersonOf, 'phoneE164' | 'email'>, other: { phoneE164: string | null; email: string | null }) => {
  const matched: PersonLead['matchedBy'] = [];
  if (person.phoneE164 && other.phoneE164 === person.phoneE164) matched.push('phone');
  const email = person.email?.trim().toLowerCase();
  if (email && other.email?.trim().toLowerCase() === email) matched.push('email');
  return matched;
};

const PERSON_SELECT = ['id', 'phoneE164', 'email'];

/**
 * One person, one history: the leads of a person are those with the same phone (E.164, so any
 * spelling the portal sent) or the same e-mail, from any portal, with the same advertiser (the
 * agency that holds the person's data) — or with any advertiser when the app's config says
 * `peopleAcrossAdvertisers` (one agency under several advertiser accounts). Always within what
 * the reader may read.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const leads = () => strapi.db.query(UID.lead);

  const service = {
    /** The filter of `person`'s other leads; null when the lead names nobody (no phone, no e-mail). */
    samePerson(person: PersonOf, { acrossAdvertisers = getPluginConfig(strapi).peopleAcrossAdvertisers } = {}): Filters | null {
      const emails = emailForms(person.email);
      const identifiers: Filters[] = [
        ...(person.phoneE164 ? [{ phoneE164: person.phoneE164 }] : []),
        ...(emails.length ? [{ email: { $in: emails } }] : []),
      ];
      if (!identifiers.length) return null;
      return {
        $and: [
          { $or: identifiers },
          { id: { $ne: person.id } },
          acrossAdvertisers
            ? {}
            : person.advertiser
              ? { advertiser: { id: person.advertiser.id } }
              : { advertiser: { id: { $null: true } } },
        ],
      };
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
  };

  return service;
};
