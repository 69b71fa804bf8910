import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UID } from '../constants';
import { getService } from '../utils/get-service';
import { renderFollowUpEmail, renderNewLeadEmail, renderOverdueLeadEmail, type EmailContent } from '../utils/lead-email';
import { getPluginConfig } from '../utils/plugin-config';
import { LEAD_EVENTS, type EventUser, type OverdueDetails } from './lead-events';

/** What the email plugin's `send` takes (the provider fills `from` with its `defaultFrom`). */
export interface OutgoingEmail extends EmailContent {
  to: string;
  from?: string;
  replyTo?: string;
}

/** How a background send ended: sent, given up after the retries, or cut short by shutdown. */
export type SendResult = 'sent' | 'failed' | 'stopped';

/** What both e-mails read of a lead: the person, the listing and when it arrived. */
interface LeadContact {
  id: number;
  documentId: string;
  name: string | null;
  email: string | null;
  ddd: string | null;
  phone: string | null;
  phoneE164: string | null;
  clientListingId: string | null;
  receivedAt: string | Date | null;
  isTest: boolean | null;
  listing: { clientListingId: string | null; title: string | null; url: string | null } | null;
}

interface LeadForEmail extends LeadContact {
  message: string | null;
  leadOrigin: string | null;
  notifiedAt: string | Date | null;
  advertiser: { name: string | null; email: string | null; sendLeadEmail: boolean | null } | null;
  assignee: { email: string | null; isActive: boolean | null; blocked: boolean | null } | null;
}

interface LeadForOverdueEmail extends LeadContact {
  slaDueAt: string | Date | null;
  advertiser: { name: string | null; managerEmail: string | null } | null;
  assignee: EventUser | null;
}

interface LeadForFollowUpEmail extends LeadContact {
  followUpAt: string | Date | null;
  followUpKind: string | null;
  advertiser: { name: string | null; managerEmail: string | null } | null;
  assignee: { id: number; email: string | null; isActive: boolean | null; blocked: boolean | null } | null;
}

/** The payload of `grupozap-lead.overdue` (see services/lead-events and services/sla). */
export type OverduePayload = Partial<OverdueDetails> & { lead?: { documentId?: string } | null };

const SIMPLE_EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** `Ana Souza (ana@example.com)`; the e-mail alone when there is no name. */
const personLabel = (user: EventUser | null | undefined): string | null => {
  if (!user) return null;
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ').trim();
  if (name && user.email) return `${name} (${user.email})`;
  return name || user.email || `#${user.id}`;
};

const errorMessage = (error: unknown): string => {
  const { message, responseCode } = error as { message?: string; responseCode?: number };
  return `${responseCode ? `${responseCode} ` : ''}${message ?? String(error)}`.replace(/\s+/g, ' ').trim();
};

/**
 * E-mail through Strapi's email plugin, whatever provider the app configured. A send never
 * throws at its caller: the first attempt is made at once, failures are logged and retried in
 * the background with growing waits, and the result is a promise that always resolves.
 */
/** What every e-mail about a lead reads of it: who the person is and how to reach them. */
const LEAD_CONTACT_FIELDS = ['id', 'documentId', 'name', 'email', 'ddd', 'phone', 'phoneE164', 'clientListingId', 'isTest'];
/** The listing as an e-mail names it. */
const LISTING_OF_EMAIL = { select: ['clientListingId', 'title', 'url'] };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let stopListening: (() => void) | null = null;
  let stopListeningForFollowUps: (() => void) | null = null;

  const config = () => getPluginConfig(strapi).notifications;

  /** `<admin URL>/plugins/grupozap`: from the public URL of the settings plus the admin path. */
  /** An e-mail about the lead went out: its timeline says so (which message, to how many; no address). */
  const recordEmail = async (leadId: number, detail: { message: 'new-lead' | 'overdue' | 'follow-up'; recipients: number }) => {
    try {
      await getService(strapi, 'activities').record([{ leadId, kind: 'email', detail }]);
    } catch (error) {
      strapi.log.warn(`[grupozap] lead ${leadId}: the e-mail's timeline entry not written: ${errorMessage(error)}`);
    }
  };

  const adminPluginUrl = async (): Promise<string> => {
    const adminUrl = String(strapi.config.get('admin.url', '/admin'));
    let base: string;
    if (/^https?:\/\//i.test(adminUrl)) {
      base = adminUrl; // the admin panel is served from a host of its own
    } else {
      const { publicUrl } = await getService(strapi, 'settings').current();
      base = publicUrl
        ? `${publicUrl.replace(/\/+$/, '')}${String(strapi.config.get('admin.path', '/admin'))}`
        : String(strapi.config.get('admin.absoluteUrl'));
    }
    return `${base.replace(/\/+$/, '')}/plugins/${PLUGIN_ID}`;
  };

  const service = {
    /**
     * Sends one e-mail, retrying a failure `notifications.retries` times (waits of
     * `retryDelaySeconds`, then 4×, 16×…). Resolves once sent or given up; never rejects.
     */
    send(message: OutgoingEmail, label: string): Promise<SendResult> {
      const { retries, retryDelaySeconds } = config();
      const from = message.from ?? config().from ?? undefined;
      const outgoing = { ...message, ...(from ? { from } : {}) };
      return new Promise<SendResult>((resolve) => {
        const attempt = async (number: number) => {
          if (stopped) return resolve('stopped');
          try {
            await strapi.plugin('email').service('email').send(outgoing);
            strapi.log.info(`[grupozap] ${label}: e-mail sent to ${message.to}${number > 1 ? ` (attempt ${number})` : ''}`);
            resolve('sent');
          } catch (error) {
            if (stopped) return resolve('stopped');
            if (number > retries) {
              strapi.log.error(
                `[grupozap] ${label}: e-mail to ${message.to} not sent, gave up after ${number} attempt(s): ${errorMessage(error)}`
              );
              return resolve('failed');
            }
            const waitMs = Math.round(retryDelaySeconds * 1000 * 4 ** (number - 1));
            strapi.log.warn(
              `[grupozap] ${label}: e-mail to ${message.to} failed (attempt ${number} of ${retries + 1}), next try in ${waitMs / 1000} s: ${errorMessage(error)}`
            );
            const timer = setTimeout(() => {
              timers.delete(timer);
              void attempt(number + 1);
            }, waitMs);
            timer.unref();
            timers.add(timer);
          }
        };
        void attempt(1);
      });
    },

    adminPluginUrl,

    /**
     * The new-lead e-mail, to the lead's assignee and (when its `sendLeadEmail` is on) the
     * advertiser's address, one message each. Called by lead-arrival, once per new lead; the
     * lead's `notifiedAt` is claimed in one conditional UPDATE first, so a second call (another
     * instance, a replay of the same arrival) sends nothing. Returns once the messages are
     * handed to the background sender.
     */
    async notifyNewLead(leadId: number): Promise<void> {
      if (!config().enabled) return;
      const lead = (await strapi.db.query(UID.lead).findOne({
        where: { id: leadId },
        select: [...LEAD_CONTACT_FIELDS, 'message', 'leadOrigin', 'receivedAt', 'notifiedAt'],
        populate: {
          advertiser: { select: ['name', 'email', 'sendLeadEmail'] },
          listing: LISTING_OF_EMAIL,
          assignee: { select: ['email', 'isActive', 'blocked'] },
        },
      })) as LeadForEmail | null;
      if (!lead || lead.isTest || lead.notifiedAt) return;

      const recipients = new Map<string, string>();
      const { assignee, advertiser } = lead;
      if (assignee?.email && assignee.isActive !== false && !assignee.blocked) {
        recipients.set(assignee.email.toLowerCase(), assignee.email);
      }
      if (advertiser?.sendLeadEmail && advertiser.email) recipients.set(advertiser.email.toLowerCase(), advertiser.email);
      if (recipients.size === 0) return;

      const claimedAt = new Date();
      const { count } = await strapi.db.query(UID.lead).updateMany({
        where: { id: lead.id, notifiedAt: null },
        data: { notifiedAt: claimedAt },
      });
      if (count === 0) return; // notified already, by another call

      const settings = await getService(strapi, 'settings').current();
      const content = renderNewLeadEmail({
        name: lead.name,
        email: lead.email,
        phoneE164: lead.phoneE164,
        phoneRaw: [lead.ddd, lead.phone].filter(Boolean).join(' ') || null,
        message: lead.message,
        leadOrigin: lead.leadOrigin,
        clientListingId: lead.listing?.clientListingId ?? lead.clientListingId,
        listingTitle: lead.listing?.title ?? null,
        listingUrl: lead.listing?.url ?? null,
        advertiserName: advertiser?.name ?? null,
        receivedAt: lead.receivedAt ? new Date(lead.receivedAt) : null,
        adminUrl: `${await adminPluginUrl()}/leads/${lead.documentId}`,
        timeZone: settings.zonelessTimezone,
      });
      // the agent's "reply" goes to the person who asked
      const replyTo = lead.email && SIMPLE_EMAIL.test(lead.email) ? lead.email : undefined;

      const label = `lead ${lead.id}`;
      void Promise.all([...recipients.values()].map((to) => service.send({ ...content, to, replyTo }, label))).then(
        async (results) => {
          const sent = results.filter((result) => result === 'sent').length;
          if (sent) await recordEmail(lead.id, { message: 'new-lead', recipients: sent });
          if (results.includes('sent') || results.includes('stopped')) return;
          // nobody got it: say so on the lead (a later call may try again)
          try {
            await strapi.db.query(UID.lead).updateMany({
              where: { id: lead.id },
              data: { notifiedAt: null },
            });
          } catch (error) {
            strapi.log.error(`[grupozap] ${label}: notifiedAt not cleared: ${errorMessage(error)}`);
          }
        }
      );
    },

    /**
     * Tells the manager of each lead that becomes overdue: listens to `grupozap-lead.overdue`
     * (called once, from bootstrap). The SLA check emits that event once per lead, in the one
     * process whose conditional UPDATE of `slaEscalatedAt` escalated it, so each escalation
     * makes one e-mail.
     */
    listenForOverdue() {
      if (stopListening) return;
      stopListening = strapi.eventHub.on(LEAD_EVENTS.GRUPOZAP_LEAD_OVERDUE, (payload: OverduePayload) =>
        service.notifyOverdueLead(payload)
      );
    },

    /**
     * The "Lead sem resposta no prazo" e-mail, to the advertiser's `managerEmail`, else
     * `notifications.managersEmail`; neither: nothing (logged at debug). Never for test leads.
     * Returns once the message is handed to the background sender; never throws (it runs inside
     * the SLA check's event emission).
     */
    async notifyOverdueLead(payload: OverduePayload): Promise<void> {
      const documentId = payload?.lead?.documentId;
      try {
        if (!documentId) return;
        const lead = (await strapi.db.query(UID.lead).findOne({
          where: { documentId },
          select: [...LEAD_CONTACT_FIELDS, 'receivedAt', 'slaDueAt'],
          populate: {
            advertiser: { select: ['name', 'managerEmail'] },
            listing: LISTING_OF_EMAIL,
            assignee: { select: ['id', 'firstname', 'lastname', 'email'] },
          },
        })) as LeadForOverdueEmail | null;
        if (!lead || lead.isTest) return;

        const to = lead.advertiser?.managerEmail?.trim() || config().managersEmail?.trim() || null;
        if (!to) {
          strapi.log.debug(
            `[grupozap] lead ${lead.id} overdue: no manager to tell (no advertiser managerEmail, no notifications.managersEmail)`
          );
          return;
        }

        const settings = await getService(strapi, 'settings').current();
        const reassigned = Boolean(payload.reassigned);
        const content = renderOverdueLeadEmail({
          name: lead.name,
          email: lead.email,
          phoneE164: lead.phoneE164,
          phoneRaw: [lead.ddd, lead.phone].filter(Boolean).join(' ') || null,
          clientListingId: lead.listing?.clientListingId ?? lead.clientListingId,
          listingTitle: lead.listing?.title ?? null,
          listingUrl: lead.listing?.url ?? null,
          advertiserName: lead.advertiser?.name ?? null,
          receivedAt: lead.receivedAt ? new Date(lead.receivedAt) : null,
          slaDueAt: lead.slaDueAt ? new Date(lead.slaDueAt) : null,
          assignee: personLabel(lead.assignee),
          reassigned,
          previousAssignee: reassigned ? personLabel(payload.previousAssignee) : null,
          adminUrl: `${await adminPluginUrl()}/leads/${lead.documentId}`,
          timeZone: settings.zonelessTimezone,
        });
        void service
          .send({ ...content, to }, `lead ${lead.id} overdue`)
          .then((result) => (result === 'sent' ? recordEmail(lead.id, { message: 'overdue', recipients: 1 }) : undefined));
      } catch (error) {
        strapi.log.error(`[grupozap] lead ${documentId} overdue: manager e-mail not sent: ${errorMessage(error)}`);
      }
    },

    /** A lead's page in the admin, as an absolute URL (for e-mails and calendar files). */
    async leadAdminUrl(documentId: string): Promise<string> {
      return `${await adminPluginUrl()}/leads/${documentId}`;
    },

    /** Reminds the assignee of each lead whose follow-up came: listens to `grupozap-lead.follow-up-due` (from bootstrap). */
    listenForFollowUps() {
      if (stopListeningForFollowUps) return;
      stopListeningForFollowUps = strapi.eventHub.on(LEAD_EVENTS.GRUPOZAP_LEAD_FOLLOW_UP_DUE, (payload: OverduePayload) =>
        service.notifyFollowUpDue(payload?.lead?.documentId)
      );
    },

    /**
     * The "Retorno agendado" e-mail, to the lead's assignee (active, not blocked); a lead nobody
     * holds goes to its manager (advertiser's `managerEmail`, else `notifications.managersEmail`),
     * so that a follow-up is never only a date in a table. Never throws.
     */
    async notifyFollowUpDue(documentId: string | undefined): Promise<void> {
      try {
        if (!documentId || !config().enabled) return;
        const lead = (await strapi.db.query(UID.lead).findOne({
          where: { documentId },
          select: [...LEAD_CONTACT_FIELDS, 'followUpAt', 'followUpKind'],
          populate: {
            advertiser: { select: ['name', 'managerEmail'] },
            listing: LISTING_OF_EMAIL,
            assignee: { select: ['id', 'email', 'isActive', 'blocked'] },
          },
        })) as LeadForFollowUpEmail | null;
        if (!lead || lead.isTest || !lead.followUpAt) return;
        const { assignee } = lead;
        const to =
          assignee?.email && assignee.isActive !== false && !assignee.blocked
            ? assignee.email
            : lead.advertiser?.managerEmail?.trim() || config().managersEmail?.trim() || null;
        if (!to) {
          strapi.log.debug(`[grupozap] lead ${lead.id} follow-up: nobody to remind (no assignee, no manager e-mail)`);
          return;
        }
        const settings = await getService(strapi, 'settings').current();
        const content = renderFollowUpEmail({
          name: lead.name,
          email: lead.email,
          phoneE164: lead.phoneE164,
          phoneRaw: [lead.ddd, lead.phone].filter(Boolean).join(' ') || null,
          clientListingId: lead.listing?.clientListingId ?? lead.clientListingId,
          listingTitle: lead.listing?.title ?? null,
          listingUrl: lead.listing?.url ?? null,
          advertiserName: lead.advertiser?.name ?? null,
          followUpAt: new Date(lead.followUpAt),
          followUpKind: lead.followUpKind,
          adminUrl: `${await adminPluginUrl()}/leads/${lead.documentId}`,
          timeZone: settings.zonelessTimezone,
        });
        void service
          .send({ ...content, to }, `lead ${lead.id} follow-up`)
          .then((result) => (result === 'sent' ? recordEmail(lead.id, { message: 'follow-up', recipients: 1 }) : undefined));
      } catch (error) {
        strapi.log.error(`[grupozap] lead ${documentId} follow-up: reminder not sent: ${errorMessage(error)}`);
      }
    },

    /** Ends the retries waiting in this process (Strapi is shutting down). */
    stop() {
      stopListening?.();
      stopListening = null;
      stopListeningForFollowUps?.();
      stopListeningForFollowUps = null;
      stopped = true;
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
    },
  };
  return service;
};
