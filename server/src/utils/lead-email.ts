import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { mailtoHref, telHref, whatsappHref } from '../../../shared/contact-links';

/** What the new-lead e-mail shows: plain values, escaped here and nowhere else. */
export interface LeadEmailData {
  name: string | null;
  email: string | null;
  phoneE164: string | null;
  /** `ddd` + `phone` as sent, shown when the number is not a valid Brazilian one. */
  phoneRaw: string | null;
  message: string | null;
  leadOrigin: string | null;
  clientListingId: string | null;
  listingTitle: string | null;
  listingUrl: string | null;
  advertiserName: string | null;
  receivedAt: Date | null;
  /** The lead's page in the admin. */
  adminUrl: string;
  /** IANA zone the time is shown in. */
  timeZone: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For text and attribute values alike. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

/** Only http(s) URLs become links; anything else (javascript:, data:) is shown as text. */
const safeHref = (value: string | null): string | null => (value && /^https?:\/\//i.test(value) ? value : null);

/** One labelled line of an e-mail's HTML table. */
const row = (label: string, valueHtml: string) =>
  `<tr><th align="left" style="padding:4px 12px 4px 0;vertical-align:top;color:#555">${escapeHtml(label)}</th><td style="padding:4px 0">${valueHtml}</td></tr>`;

const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;

/** An e-mail's text: its lines, those that are null (a value the lead lacks) left out. */
const textOf = (lines: Array<string | null>): string => lines.filter((line) => line !== null).join('\n');

/** The HTML rows of a table, those that are null left out. */
const rowsOf = (rows: Array<string | null>): string => rows.filter((entry) => entry !== null).join('');

/** The whole HTML of an e-mail: its title, its heading (plain text) and its body (HTML). */
const htmlDocument = (subject: string, heading: string, body: string): string => `<!DOCTYPE html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#212134">
<h2 style="margin:0 0 12px">${escapeHtml(heading)}</h2>
${body}
</body>
</html>
`;

/** The button to the lead's page in the admin, at the foot of the lead e-mails. */
const openLeadButton = (adminUrl: string): string =>
  `<p style="margin-top:20px"><a href="${escapeHtml(adminUrl)}" style="display:inline-block;padding:10px 16px;background:#4945ff;color:#fff;text-decoration:none;border-radius:4px">Abrir o lead no CRM</a></p>`;

/** `(48) 98862-7634` for a Brazilian number, else the number as given. */
export const formatPhone = (phoneE164: string): string => {
  const parsed = parsePhoneNumberFromString(phoneE164);
  if (!parsed) return phoneE164;
  return parsed.countryCallingCode === '55' ? parsed.formatNational() : parsed.formatInternational();
};

const formatWhen = (when: Date, timeZone: string): string => {
  try {
    return new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone }).format(when);
  } catch {
    return when.toISOString();
  }
};

/** Subject line: headers cannot carry line breaks, and a long subject is cut. */
const oneLine = (value: string, max = 120): string => {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const listingLabel = (data: Pick<LeadEmailData, 'clientListingId' | 'listingTitle'>): string | null => {
  const parts = [data.clientListingId, data.listingTitle].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(' — ') : null;
};

/** The person and what they asked about, the same in every lead e-mail. */
type ContactData = Pick<
  LeadEmailData,
  'name' | 'email' | 'phoneE164' | 'phoneRaw' | 'clientListingId' | 'listingTitle' | 'listingUrl' | 'advertiserName'
>;

/** That block as text lines and as HTML table rows (escaped), with the name and listing shown. */
const contactOf = (data: ContactData) => {
  const name = data.name?.trim() || 'Sem nome';
  const listing = listingLabel(data);
  const phoneShown = data.phoneE164 ? formatPhone(data.phoneE164) : data.phoneRaw;
  const listingUrl = safeHref(data.listingUrl);
  // links only of what the portal's values name: one number, one address (no added recipients)
  const tel = data.phoneE164 ? telHref(data.phoneE164) : null;
  const mailto = mailtoHref(data.email);
  const whatsApp = whatsappHref(data.phoneE164);
  const text = [
    `Nome: ${name}`,
    phoneShown ? `Telefone: ${phoneShown}${tel ? ` (${tel})` : ''}` : null,
    whatsApp ? `WhatsApp: ${whatsApp}` : null,
    data.email ? `E-mail: ${data.email}` : null,
    listing ? `Imóvel: ${listing}${data.listingUrl ? ` (${data.listingUrl})` : ''}` : null,
    data.advertiserName ? `Anunciante: ${data.advertiserName}` : null,
  ].filter((line): line is string => line !== null);
  const rows = [
    row('Nome', escapeHtml(name)),
    phoneShown ? row('Telefone', tel ? link(tel, phoneShown) : escapeHtml(phoneShown)) : null,
    whatsApp ? row('WhatsApp', link(whatsApp, 'Conversar no WhatsApp')) : null,
    data.email ? row('E-mail', mailto ? link(mailto, data.email) : escapeHtml(data.email)) : null,
    listing ? row('Imóvel', listingUrl ? link(listingUrl, listing) : escapeHtml(listing)) : null,
    data.advertiserName ? row('Anunciante', escapeHtml(data.advertiserName)) : null,
  ].filter((entry): entry is string => entry !== null);
  return { name, listing, text, rows };
};

/** The e-mail an agent (and the advertiser) gets for a new lead, in Portuguese, HTML and text. */
export const renderNewLeadEmail = (data: LeadEmailData): EmailContent => {
  const contact = contactOf(data);
  const { name, listing } = contact;
  const when = data.receivedAt ? formatWhen(data.receivedAt, data.timeZone) : null;
  const message = data.message?.trim() || null;

  const subject = oneLine(`Novo lead: ${name}${listing ? ` — ${listing}` : ''}`);

  const text = textOf([
    'Novo lead recebido pelo Grupo ZAP (ZAP Imóveis / VivaReal).',
    '',
    ...contact.text,
    data.leadOrigin ? `Origem: ${data.leadOrigin}` : null,
    when ? `Recebido em: ${when}` : null,
    '',
    'Mensagem:',
    message ?? '(sem mensagem)',
    '',
    `Abrir o lead no CRM: ${data.adminUrl}`,
    '',
  ]);

  const rows = rowsOf([
    ...contact.rows,
    data.leadOrigin ? row('Origem', escapeHtml(data.leadOrigin)) : null,
    when ? row('Recebido em', escapeHtml(when)) : null,
  ]);

  const messageHtml = message
    ? `<p style="white-space:pre-wrap;margin:0;padding:12px;background:#f6f6f9;border-radius:4px">${escapeHtml(message)}</p>`
    : '<p style="color:#777">(sem mensagem)</p>';

  const html = htmlDocument(
    subject,
    'Novo lead recebido pelo Grupo ZAP',
    `<table cellpadding="0" cellspacing="0">${rows}</table>
<h3 style="margin:16px 0 8px">Mensagem</h3>
${messageHtml}
${openLeadButton(data.adminUrl)}`
  );

  return { subject, text, html };
};

export interface AlertEmailEntry {
  code: string;
  httpStatus: number;
  count: number;
  threshold: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

const ALERT_HINTS: Record<string, string> = {
  AUTH_REQUIRED: 'O portal está enviando leads sem credencial: confira a integração no portal.',
  INVALID_CREDENTIALS: 'A senha (SECRET_KEY) enviada pelo portal não confere: confira Configurações → Grupo ZAP.',
  TOO_MANY_AUTH_FAILURES: 'Um endereço foi bloqueado por excesso de credenciais inválidas.',
  ADVERTISER_NOT_FOUND: 'O portal recebeu 404 e pode apagar a integração: cadastre o anunciante com este ADVERTISER-ID.',
  ADVERTISER_INACTIVE: 'O portal recebeu 404 e pode apagar a integração: o anunciante está inativo.',
  IP_NOT_ALLOWED: 'Entregas de um IP fora da lista de permitidos.',
  SECRET_NOT_CONFIGURED: 'Nenhuma senha do portal configurada: todas as entregas recebem 503.',
  AUTH_BUSY:
    'Credenciais desconhecidas demais ao mesmo tempo (provável ataque): recusadas com 503; a senha já conhecida do portal continua aceita.',
  STORAGE_UNAVAILABLE: 'O banco de dados falhou: as entregas recebem 503 e o portal tentará de novo.',
};

/** The e-mail to the errors address when deliveries are being refused again and again. */
export const renderAlertEmail = (
  entries: AlertEmailEntry[],
  { windowMinutes, deliveriesUrl, timeZone }: { windowMinutes: number; deliveriesUrl: string; timeZone: string }
): EmailContent => {
  const codes = entries.map((entry) => entry.code).join(', ');
  const subject = oneLine(`[Grupo ZAP] Entregas recusadas: ${codes}`);
  const lineOf = (entry: AlertEmailEntry) =>
    `${entry.code} (HTTP ${entry.httpStatus}): ${entry.count} entregas em ${windowMinutes} min (limite ${entry.threshold}), de ${formatWhen(entry.firstSeenAt, timeZone)} a ${formatWhen(entry.lastSeenAt, timeZone)}`;

  const text = textOf([
    `O endpoint do Grupo ZAP recusou entregas repetidamente na última janela de ${windowMinutes} minutos:`,
    '',
    ...entries.flatMap((entry) => [`- ${lineOf(entry)}`, ...(ALERT_HINTS[entry.code] ? [`  ${ALERT_HINTS[entry.code]}`] : [])]),
    '',
    `Registro de entregas: ${deliveriesUrl}`,
    '',
    `Este aviso é enviado no máximo uma vez a cada ${windowMinutes} minutos por código.`,
    '',
  ]);

  const html = htmlDocument(
    subject,
    'Entregas recusadas repetidamente',
    `<p>O endpoint do Grupo ZAP recusou entregas repetidamente na última janela de ${windowMinutes} minutos:</p>
<ul>${entries
      .map(
        (entry) =>
          `<li><strong>${escapeHtml(entry.code)}</strong> ${escapeHtml(lineOf(entry).slice(entry.code.length))}${
            ALERT_HINTS[entry.code] ? `<br>${escapeHtml(ALERT_HINTS[entry.code])}` : ''
          }</li>`
      )
      .join('')}</ul>
<p><a href="${escapeHtml(deliveriesUrl)}">Abrir o registro de entregas</a></p>
<p style="color:#777">Este aviso é enviado no máximo uma vez a cada ${windowMinutes} minutos por código.</p>`
  );
  return { subject, text, html };
};

/** What the overdue-lead e-mail to the manager shows: plain values, escaped here. */
export interface OverdueLeadEmailData {
  name: string | null;
  email: string | null;
  phoneE164: string | null;
  /** `ddd` + `phone` as sent, shown when the number is not a valid Brazilian one. */
  phoneRaw: string | null;
  clientListingId: string | null;
  listingTitle: string | null;
  listingUrl: string | null;
  advertiserName: string | null;
  receivedAt: Date | null;
  /** The first-response deadline that passed. */
  slaDueAt: Date | null;
  /** Who has the lead now (after the reassignment, if any), as a label; null: nobody. */
  assignee: string | null;
  /** The SLA check gave the lead to another agent. */
  reassigned: boolean;
  /** Who had it before the reassignment; null: nobody (or not reassigned). */
  previousAssignee: string | null;
  /** The lead's page in the admin. */
  adminUrl: string;
  /** IANA zone the times are shown in. */
  timeZone: string;
}

/** `15 min`, `2 h`, `1 h 30 min`, `2 d 3 h`. */
const formatDuration = (ms: number): string => {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : null, hours ? `${hours} h` : null, !days && rest ? `${rest} min` : null].filter(Boolean).join(' ');
};

/**
 * The e-mail a manager gets when a lead is still `new` past its first-response deadline
 * ("Lead sem resposta no prazo"), in Portuguese, HTML and text: the lead, its phone links, when
 * it came and when the answer was due, who has it now and, when the SLA check reassigned it,
 * who had it before.
 */
export const renderOverdueLeadEmail = (data: OverdueLeadEmailData): EmailContent => {
  const contact = contactOf(data);
  const { name, listing } = contact;
  const received = data.receivedAt ? formatWhen(data.receivedAt, data.timeZone) : null;
  const due = data.slaDueAt
    ? `${formatWhen(data.slaDueAt, data.timeZone)}${data.receivedAt ? ` (${formatDuration(data.slaDueAt.getTime() - data.receivedAt.getTime())} após o recebimento)` : ''}`
    : null;
  const nobody = 'ninguém';
  const assignee = data.assignee ?? `${nobody} (aguardando na caixa de entrada)`;
  const previous = data.previousAssignee ?? nobody;
  const intro = 'Este lead continua como “novo”: ninguém respondeu dentro do prazo de primeira resposta.';
  const reassignedNote =
    data.reassigned && data.assignee ? 'O lead foi repassado automaticamente para o próximo corretor da vez.' : null;

  const subject = oneLine(`Lead sem resposta no prazo: ${name}${listing ? ` — ${listing}` : ''}`);

  const text = textOf([
    'Lead sem resposta no prazo.',
    intro,
    '',
    ...contact.text,
    received ? `Recebido em: ${received}` : null,
    due ? `Prazo de resposta: ${due}` : null,
    `Responsável: ${assignee}`,
    data.reassigned ? `Responsável anterior: ${previous}` : null,
    reassignedNote,
    '',
    `Abrir o lead no CRM: ${data.adminUrl}`,
    '',
  ]);

  const rows = rowsOf([
    ...contact.rows,
    received ? row('Recebido em', escapeHtml(received)) : null,
    due ? row('Prazo de resposta', `<strong style="color:#d02b20">${escapeHtml(due)}</strong>`) : null,
    row('Responsável', escapeHtml(assignee)),
    data.reassigned ? row('Responsável anterior', escapeHtml(previous)) : null,
  ]);

  const html = htmlDocument(
    subject,
    'Lead sem resposta no prazo',
    `<p>${escapeHtml(intro)}</p>
<table cellpadding="0" cellspacing="0">${rows}</table>
${reassignedNote ? `<p>${escapeHtml(reassignedNote)}</p>\n` : ''}${openLeadButton(data.adminUrl)}`
  );

  return { subject, text, html };
};

export interface FollowUpEmailData {
  name: string | null;
  email: string | null;
  phoneE164: string | null;
  phoneRaw: string | null;
  clientListingId: string | null;
  listingTitle: string | null;
  listingUrl: string | null;
  advertiserName: string | null;
  /** When the next step was due, and what it is. */
  followUpAt: Date;
  followUpKind: string | null;
  /** The lead's page in the admin. */
  adminUrl: string;
  timeZone: string;
}

const FOLLOW_UP_KIND_LABELS: Record<string, string> = {
  call: 'Ligar',
  visit: 'Visita',
  proposal: 'Enviar proposta',
  other: 'Retorno',
};

/** The reminder to the assignee that a lead's next step is due ("Retorno agendado"). */
export const renderFollowUpEmail = (data: FollowUpEmailData): EmailContent => {
  const contact = contactOf(data);
  const { name } = contact;
  const what = FOLLOW_UP_KIND_LABELS[data.followUpKind ?? 'other'] ?? FOLLOW_UP_KIND_LABELS.other;
  const when = formatWhen(data.followUpAt, data.timeZone);
  const intro = `Está na hora do próximo passo deste lead: ${what.toLowerCase()} (${when}).`;
  const subject = oneLine(`${what}: ${name} — ${when}`);
  const text = textOf([
    'Retorno agendado.',
    intro,
    '',
    ...contact.text,
    `Próximo passo: ${what}`,
    `Quando: ${when}`,
    '',
    `Abrir o lead no CRM: ${data.adminUrl}`,
    '',
  ]);
  const rows = rowsOf([
    ...contact.rows,
    row('Próximo passo', escapeHtml(what)),
    row('Quando', `<strong>${escapeHtml(when)}</strong>`),
  ]);
  const html = htmlDocument(
    subject,
    'Retorno agendado',
    `<p>${escapeHtml(intro)}</p>
<table cellpadding="0" cellspacing="0">${rows}</table>
${openLeadButton(data.adminUrl)}`
  );
  return { subject, text, html };
};
