import { createEvent } from 'ics';

export interface VisitCalendarData {
  documentId: string;
  visitAt: Date;
  name: string | null;
  phone: string | null;
  listing: string | null;
  listingUrl: string | null;
  /** The lead's page in the admin. */
  adminUrl: string;
}

/**
 * A lead's visit as an iCalendar file (RFC 5545, written by the `ics` package, which escapes and
 * folds the text): one hour from `visitAt`, a reminder an hour before, marked private since it
 * names a person. Its UID is the lead's, so a calendar that imports it again updates the visit.
 */
export const visitCalendar = (data: VisitCalendarData): string => {
  // one line: a name the portal sent with line breaks stays one summary
  const who = data.name?.replace(/\p{Cc}+/gu, ' ').trim() || 'Lead';
  const { error, value } = createEvent({
    productId: 'strapi-plugin-grupozap',
    uid: `visit-${data.documentId}@strapi-plugin-grupozap`,
    start: data.visitAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { hours: 1 },
    title: `Visita: ${who}${data.listing ? ` — ${data.listing}` : ''}`,
    description: [
      data.phone ? `Telefone: ${data.phone}` : null,
      data.listing ? `Imóvel: ${data.listing}` : null,
      `Lead: ${data.adminUrl}`,
    ]
      .filter(Boolean)
      .join('\n'),
    ...(data.listingUrl && /^https?:\/\//i.test(data.listingUrl) ? { url: data.listingUrl } : {}),
    classification: 'PRIVATE',
    alarms: [{ action: 'display', description: `Visita: ${who}`, trigger: { hours: 1, before: true } }],
  });
  if (error || !value) throw error ?? new Error('no calendar');
  return value;
};
