import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentLead, matches } from '../../../shared/portal/cases';
import { sendAsPortal, type PortalSendResult } from '../../../shared/portal/client';
import type {
  ExpectedStatus,
  HomologationAdvertiser,
  HomologationCaseKey,
  HomologationCaseResult,
  HomologationChecklist,
  HomologationListing,
  HomologationProblem,
  HomologationRefusalCode,
  HomologationRun,
  HomologationRunBody,
  TestLeadsDeletion,
} from '../../../shared/contracts/homologation';
import { MCMV_ORIGIN, UID } from '../constants';
import { createBrake } from '../delivery/brake';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { ENDPOINT_PLACEHOLDER, type EffectiveSettings } from './settings';

/** The runner's leads have originLeadIds starting with this (the portal's are numbers or UUIDs). */
export const TEST_LEAD_PREFIX = 'grupozap-homologation-';
/** The runner's requests carry `User-Agent: grupozap-homologation/<runId>`. */
export const RUNNER_USER_AGENT = 'grupozap-homologation';
/** The portal's manual gives an answer 5 s; the runner is no more patient. */
const PORTAL_TIMEOUT_MS = 5_000;
/** A run's lead ids are recognised by the ingestion for this long at most. */
const EXPECTED_ID_TTL_MS = 60_000;
const SEARCH_LIMIT = 20;
const ANSWER_MAX_CHARS = 4_096;
const DELETE_CHUNK = 500;
/**
 * Wrong secrets one admin may type within the window: the page checks a typed secret at admin-API
 * speed (a config secret by a plain comparison), so without a brake it would be a guessing oracle.
 */
const WRONG_SECRET_LIMIT = 5;
const WRONG_SECRET_WINDOW_MS = 15 * 60_000;

interface AdvertiserRow extends HomologationAdvertiser {
  id: number;
}

interface Credential {
  username: string;
  password: string;
  source: 'config' | 'settings';
}

interface PlannedCase {
  key: HomologationCaseKey;
  name: string;
  expected: ExpectedStatus;
  originLeadId: string;
  password: string;
  body: string;
}

interface Answer {
  code: string | null;
  leadId: string | null;
}

/** A 400 whose message shows on the secret field of the page (`details.errors[].path`), with a code. */
const secretRefusal = (code: HomologationRefusalCode, message: string) =>
  new errors.ValidationError(message, { code, errors: [{ path: ['secret'], message, name: 'ValidationError' }] });

/** A 400 whose message shows on one field of the page (`details.errors[].path`). */
const fieldError = (field: string, message: string) =>
  new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

const answerOf = (text: string | undefined): Answer => {
  try {
    const body = JSON.parse((text ?? '').slice(0, ANSWER_MAX_CHARS)) as Record<string, unknown>;
    return {
      code: typeof body.code === 'string' ? body.code : null,
      leadId: typeof body.leadId === 'string' ? body.leadId : null,
    };
  } catch {
    return { code: null, leadId: null };
  }
};

const ADVERTISER_FIELDS = ['id', 'documentId', 'name', 'slug', 'active'];

const publicAdvertiser = ({ documentId, name, slug, active }: AdvertiserRow): HomologationAdvertiser => ({
  documentId,
  name,
  slug,
  active: Boolean(active),
});

/**
 * The Homologation page's server side: runs the portal's side of the homologation against this
 * CRM's own endpoint, over real HTTP (the configured URL, as the portal will call it), and keeps
 * the leads it makes apart as test leads.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** originLeadIds of runs under way in this process, with when they stop being recognised. */
  const expectedIds = new Map<string, number>();
  /** Wrong secrets typed on the page, per admin user (in this process). */
  const wrongSecrets = createBrake({ limit: WRONG_SECRET_LIMIT, windowMs: WRONG_SECRET_WINDOW_MS });

  const advertisers = () => strapi.db.query(UID.advertiser);
  const leads = () => strapi.db.query(UID.lead);

  const findAdvertiser = (documentId: string): Promise<AdvertiserRow | null> =>
    advertisers().findOne({ where: { documentId }, select: ADVERTISER_FIELDS });

  /**
   * The credential the runner signs with: only ever the secret the admin typed on the page, once
   * known to be the one in force (a config secret compared in constant time, a stored one against
   * its hash), so a typo reads as such and not as a 401. A secret nobody typed is never sent.
   */
  const credentialFor = async (
    settings: EffectiveSettings,
    typed: string | undefined,
    adminUserId: number
  ): Promise<Credential> => {
    if (settings.credentialSource === 'none') {
      throw secretRefusal('HOMOLOGATION_NO_SECRET', 'No portal secret is set yet: set one in Settings → Grupo ZAP first.');
    }
    if (!typed) {
      throw secretRefusal(
        'HOMOLOGATION_SECRET_REQUIRED',
        'Enter the portal secret: the runner sends only the secret typed here.'
      );
    }
    // taken before the check is awaited: simultaneous guesses cannot all pass a count
    const slot = wrongSecrets.reserve(`admin:${adminUserId}`);
    if (slot.throttled) {
      throw new errors.RateLimitError('Too many wrong secrets typed: try again later.', {
        code: 'HOMOLOGATION_TOO_MANY_WRONG_SECRETS' satisfies HomologationRefusalCode,
        retryAfterSeconds: slot.retryAfterSeconds,
      });
    }
    let right = false;
    try {
      right = await getService(strapi, 'portal-auth').isSecretInForce(typed, settings);
    } finally {
      if (right) slot.release();
      else slot.fail();
    }
    if (!right) {
      const where =
        settings.credentialSource === 'config'
          ? 'the plugin config’s secretKey'
          : 'Settings → Grupo ZAP shows its last characters';
      throw secretRefusal('HOMOLOGATION_SECRET_NOT_IN_FORCE', `This is not the portal secret in force (${where}).`);
    }
    return { username: settings.username, password: typed, source: settings.credentialSource };
  };

  const planCases = (runId: string, body: HomologationRunBody, credential: Credential): PlannedCase[] => {
    const id = (suffix: string) => `${TEST_LEAD_PREFIX}${runId}${suffix}`;
    const lead = (originLeadId: string) => ({ ...currentLead(originLeadId, body.listing), ...body.lead });
    const testLead = JSON.stringify(lead(id('')));
    const noListing: Record<string, unknown> = lead(id('-no-listing'));
    delete noListing.clientListingId;
    // an MCMV lead carries no listing by design: this case is about a listing lead
    if (noListing.leadOrigin === MCMV_ORIGIN) noListing.leadOrigin = 'Grupo OLX';
    const signed = { password: credential.password };
    return [
      { key: 'lead', name: 'test lead', expected: '2xx', originLeadId: id(''), body: testLead, ...signed },
      { key: 'duplicate', name: 'duplicate of the test lead', expected: '2xx', originLeadId: id(''), body: testLead, ...signed },
      {
        key: 'wrongCredential',
        name: 'wrong credential',
        expected: 401,
        originLeadId: id('-wrong-credential'),
        body: JSON.stringify(lead(id('-wrong-credential'))),
        // random, so it can be neither the secret in force nor the previous one
        password: `wrong-${randomBytes(18).toString('base64url')}`,
      },
      {
        key: 'missingListing',
        name: 'missing clientListingId',
        expected: '4xx',
        originLeadId: id('-no-listing'),
        body: JSON.stringify(noListing),
        ...signed,
      },
    ];
  };

  const storedLead = (originLeadId: string): Promise<{ id: number; documentId: string; deliveryCount: number } | null> =>
    leads().findOne({ where: { originLeadId }, select: ['id', 'documentId', 'deliveryCount'] });

  /** What the database says about a case the endpoint answered: the portal cannot see this. */
  const problemAfter = async (
    planned: PlannedCase,
    passedByStatus: boolean,
    answer: Answer,
    first: Answer | null
  ): Promise<HomologationProblem | null> => {
    const stored = await storedLead(planned.originLeadId);
    if (planned.key === 'lead') return passedByStatus && !stored ? 'NOT_STORED_HERE' : null;
    if (planned.key === 'duplicate') {
      if (!passedByStatus) return null;
      if (!stored) return 'NOT_STORED_HERE';
      const sameId = !answer.leadId || !first?.leadId || answer.leadId === first.leadId;
      return stored.deliveryCount >= 2 && sameId ? null : 'NOT_SAME_LEAD';
    }
    return stored ? 'STORED_DESPITE_REFUSAL' : null;
  };

  /**
   * The runner's wrong credential counted as a failure of the address the endpoint saw (this
   * server's, or a proxy's if the app does not trust X-Forwarded-For): forget it, so repeated
   * runs neither throttle themselves (429) nor the portal behind that proxy. Only this process
   * counted it, if the request reached this process at all.
   */
  const forgetOwnAuthFailure = async (userAgent: string) => {
    const refused: { ip: string | null } | null = await strapi.db
      .query(UID.delivery)
      .findOne({ where: { userAgent, code: 'INVALID_CREDENTIALS' }, select: ['ip'] });
    if (refused?.ip) getService(strapi, 'portal-auth').forgetFailure(refused.ip);
  };

  const expireIds = (now: number) => {
    for (const [id, until] of expectedIds) if (until <= now) expectedIds.delete(id);
  };

  return {
    /**
     * Whether a lead being stored is one this process's runner is sending right now: the
     * ingestion stores it marked as a test lead, so nothing that follows a new lead (e-mail,
     * distribution) takes it for a real one. Nothing else is ever recognised.
     */
    isTestLeadId(originLeadId: string, now = Date.now()): boolean {
      const until = expectedIds.get(originLeadId);
      return until !== undefined && until > now;
    },

    async searchAdvertisers(q: string | undefined): Promise<HomologationAdvertiser[]> {
      const text = q?.trim();
      const where = text
        ? { $or: [{ name: { $containsi: text } }, { slug: { $containsi: text } }, { document: { $containsi: text } }] }
        : {};
      const rows: AdvertiserRow[] = await advertisers().findMany({
        where,
        select: ADVERTISER_FIELDS,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        limit: SEARCH_LIMIT,
      });
      return rows.map(publicAdvertiser);
    },

    async listingsOf(advertiserDocumentId: string, q: string | undefined): Promise<HomologationListing[]> {
      const advertiser = await findAdvertiser(advertiserDocumentId);
      if (!advertiser) throw new errors.NotFoundError('Advertiser not found');
      const text = q?.trim();
      const rows: Array<{ documentId: string; clientListingId: string; title: string | null }> = await strapi.db
        .query(UID.listing)
        .findMany({
          where: {
            advertiser: { id: advertiser.id },
            ...(text ? { $or: [{ clientListingId: { $containsi: text } }, { title: { $containsi: text } }] } : {}),
          },
          select: ['documentId', 'clientListingId', 'title'],
          orderBy: [{ clientListingId: 'asc' }, { id: 'asc' }],
          limit: SEARCH_LIMIT,
        });
      return rows.map(({ documentId, clientListingId, title }) => ({ documentId, clientListingId, title: title ?? null }));
    },

    /**
     * Posts, as the portal does, to the advertiser's integration URL: a test lead, the same lead
     * again, one with a wrong credential and one without `clientListingId`, one after the other,
     * each once (the portal's retries would only repeat the verdict). The leads it leaves are
     * marked as test leads. Signed only with the secret the admin typed, and sent only to this
     * app's own lead route (`homologation-target`): the secret is checked and the URL and its
     * addresses are judged before anything is sent.
     */
    async run(body: HomologationRunBody, adminUserId: number): Promise<HomologationRun> {
      const advertiser = await findAdvertiser(body.advertiser);
      if (!advertiser) throw fieldError('advertiser', 'No advertiser has this documentId.');
      const settings = await getService(strapi, 'settings').current();
      const credential = await credentialFor(settings, body.secret, adminUserId);
      const url = await getService(strapi, 'advertisers').integrationUrl(advertiser.slug);
      const target = await getService(strapi, 'homologation-target').resolve(url);
      const listing = await getService(strapi, 'listings').findForAdvertiser(advertiser.id, body.listing);

      const runId = randomBytes(6).toString('hex');
      const userAgent = `${RUNNER_USER_AGENT}/${runId}`;
      const planned = planCases(runId, body, credential);
      const runIds = [...new Set(planned.map((entry) => entry.originLeadId))];
      const startedAt = new Date().toISOString();
      expireIds(Date.now());
      for (const id of runIds) expectedIds.set(id, Date.now() + EXPECTED_ID_TTL_MS);

      const cases: HomologationCaseResult[] = [];
      try {
        let first: Answer | null = null;
        for (const entry of planned) {
          const result: PortalSendResult =
            'error' in target
              ? { status: 0, attempts: 0, ms: 0, error: target.error }
              : await sendAsPortal({
                  url,
                  username: credential.username,
                  password: entry.password,
                  body: entry.body,
                  timeoutMs: PORTAL_TIMEOUT_MS,
                  retries: 0,
                  retryDelayMs: 0,
                  userAgent,
                  addresses: target.addresses,
                });
          const answer = answerOf(result.answer);
          if (entry.key === 'lead') first = answer;
          const byStatus = matches(entry.expected, result.status);
          const problem = result.status === 0 ? 'NO_ANSWER' : await problemAfter(entry, byStatus, answer, first);
          cases.push({
            key: entry.key,
            name: entry.name,
            expected: entry.expected,
            got: result.status,
            code: answer.code,
            ms: result.ms,
            pass: byStatus && problem === null,
            problem,
            error: result.error ?? null,
          });
        }
      } finally {
        for (const id of runIds) expectedIds.delete(id);
      }

      // also when the requests reached another instance, which could not recognise them
      await leads().updateMany({ where: { originLeadId: { $in: runIds } }, data: { isTest: true } });
      const made: Array<{ documentId: string }> = await leads().findMany({
        where: { originLeadId: { $in: runIds } },
        select: ['documentId'],
      });
      await forgetOwnAuthFailure(userAgent);

      const passed = cases.every((entry) => entry.pass);
      strapi.log.info(
        `[grupozap] homologation ${runId} for ${advertiser.slug} at ${url}: ${passed ? 'all cases pass' : 'some cases fail'}`
      );
      return {
        runId,
        url,
        username: credential.username,
        credentialSource: credential.source,
        advertiser: publicAdvertiser(advertiser),
        clientListingId: body.listing,
        listingKnown: Boolean(listing),
        startedAt,
        cases,
        passed,
        testLeads: made.map((lead) => lead.documentId),
      };
    },

    /**
     * Deletes every lead marked as test, with its notes and delivery log rows, and the runner's
     * refused requests (their log rows carry its User-Agent). Real leads are not touched.
     */
    async deleteTestLeads(): Promise<TestLeadsDeletion> {
      return strapi.db.transaction(async () => {
        const testLeads: Array<{ id: number }> = await leads().findMany({ where: { isTest: true }, select: ['id'] });
        const ids = testLeads.map((lead) => lead.id);
        const counts: TestLeadsDeletion = { leads: 0, notes: 0, deliveries: 0 };

        const deleteByIds = async (uid: string, rowIds: number[]) => {
          let count = 0;
          for (let start = 0; start < rowIds.length; start += DELETE_CHUNK) {
            const chunk = rowIds.slice(start, start + DELETE_CHUNK);
            count += (await strapi.db.query(uid as typeof UID.lead).deleteMany({ where: { id: { $in: chunk } } })).count;
          }
          return count;
        };
        const idsOf = async (uid: string, where: Record<string, unknown>) =>
          ((await strapi.db.query(uid as typeof UID.lead).findMany({ where, select: ['id'] })) as Array<{ id: number }>).map(
            (row) => row.id
          );

        const noteIds: number[] = [];
        const deliveryIds = new Set(await idsOf(UID.delivery, { userAgent: { $startsWith: `${RUNNER_USER_AGENT}/` } }));
        for (let start = 0; start < ids.length; start += DELETE_CHUNK) {
          const chunk = ids.slice(start, start + DELETE_CHUNK);
          noteIds.push(...(await idsOf(UID.note, { lead: { id: { $in: chunk } } })));
          for (const id of await idsOf(UID.delivery, { lead: { id: { $in: chunk } } })) deliveryIds.add(id);
        }
        counts.notes = await deleteByIds(UID.note, noteIds);
        counts.deliveries = await deleteByIds(UID.delivery, [...deliveryIds]);
        // the link rows (advertiser, listing, assignee…) go with the leads (ON DELETE CASCADE)
        counts.leads = await deleteByIds(UID.lead, ids);
        return counts;
      });
    },

    /** What to e-mail the portal to ask for homologation. */
    async checklist(
      { advertiser: advertiserId, listing }: { advertiser?: string; listing?: string },
      user: { email: string }
    ): Promise<HomologationChecklist> {
      const settingsService = getService(strapi, 'settings');
      const settings = await settingsService.current();
      const config = getPluginConfig(strapi);
      const advertiser = advertiserId ? await findAdvertiser(advertiserId) : null;
      if (advertiserId && !advertiser) throw new errors.NotFoundError('Advertiser not found');

      let endpointUrl: string | null = null;
      let endpointProblem: string | null = null;
      try {
        endpointUrl = settingsService.endpointUrl(
          settings,
          advertiser ? advertiser.slug : settings.urlForm === 'single' ? null : ENDPOINT_PLACEHOLDER
        );
      } catch (error) {
        endpointProblem = (error as Error).message;
      }

      const anyListing = async (): Promise<string | null> => {
        const row: { clientListingId: string } | null = await strapi.db.query(UID.listing).findOne({
          where: advertiser ? { advertiser: { id: advertiser.id } } : { advertiser: { active: true } },
          select: ['clientListingId'],
          orderBy: [{ id: 'asc' }],
        });
        return row?.clientListingId ?? null;
      };

      const feed = getService(strapi, 'listing-feed');
      const keptFeedUrl = advertiser ? ((await feed.recoverableUrls([advertiser])).get(advertiser.id) ?? null) : null;
      const feedUrl = keptFeedUrl ?? (advertiser ? await feed.feedUrl(advertiser.slug).catch(() => null) : null);

      const appName = strapi.config.get('info.name') as string | undefined;
      const errorsEmail = config.notifications?.errorsEmail ?? null;
      return {
        endpointUrl,
        endpointProblem,
        urlForm: settings.urlForm,
        advertiser: advertiser && publicAdvertiser(advertiser),
        crmName: config.crmName ?? appName ?? 'Strapi',
        crmNameSource: config.crmName ? 'config' : 'app',
        testClientListingId: listing || (await anyListing()),
        errorsEmail: errorsEmail ?? user.email ?? null,
        errorsEmailSource: errorsEmail ? 'config' : user.email ? 'user' : null,
        credentialSource: settings.credentialSource,
        testLeadCount: await leads().count({ where: { isTest: true } }),
        feedUrl,
        feedUrlHasToken: keptFeedUrl !== null,
      };
    },
  };
};
