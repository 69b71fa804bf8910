/**
 * `mailto:`, `tel:` and WhatsApp links to a lead, for the admin's lead page and inbox and the
 * new-lead e-mail. The values come from the portal: a link is made only of what it names (one
 * address, one number), so that `x@y.com?bcc=evil@z` adds no recipient, header or body to the mail composed.
 */

/** One address: no spaces, one `@`, none of the characters that separate recipients or start headers. */
const ONE_ADDRESS = /^[^\s@,;:?&#%<>"'()[\]\\]+@[^\s@,;:?&#%<>"'()[\]\\]+$/;

/** `mailto:carla@example.com`, or null when `email` is not one plain address (shown as text then). */
export const mailtoHref = (email: unknown): string | null => {
  if (typeof email !== 'string') return null;
  const address = email.trim();
  if (!ONE_ADDRESS.test(address)) return null;
  // letters beyond ASCII percent-encoded (RFC 6068); the @ stays, as mail clients expect it
  return `mailto:${encodeURIComponent(address).replace(/%40/g, '@')}`;
};

/** `tel:+5548988627634`: the digits of `phone` (and a leading +), or null when it has fewer than 3. */
export const telHref = (phone: unknown): string | null => {
  if (typeof phone !== 'string' && typeof phone !== 'number') return null;
  const text = String(phone).trim();
  const digits = text.replace(/\D/g, '');
  if (digits.length < 3) return null;
  return `tel:${text.startsWith('+') ? '+' : ''}${digits}`;
};

/** A Brazilian number in E.164: +55, a DDD (11–99), then a mobile (9 and 8 digits) or a landline (8 digits, 2–5 first). */
const BRAZILIAN_E164 = /^\+55[1-9]{2}(?:9\d{8}|[2-5]\d{7})$/;

/**
 * `https://wa.me/5548988627634`: the digits of a Brazilian E.164 number (as the server stores a
 * phone it found valid, `phoneE164`), or null for anything else (a phone as the portal sent it).
 */
export const whatsappHref = (phoneE164: unknown): string | null =>
  typeof phoneE164 === 'string' && BRAZILIAN_E164.test(phoneE164) ? `https://wa.me/${phoneE164.slice(1)}` : null;

/**
 * A phone for reading, in the reader's convention: a Brazilian E.164 number as Brazilians write
 * it, `(48) 98862-7634`, for a Portuguese interface, and `+55 48 98862-7634` for any other (where
 * the country code tells the reader it is abroad). Anything else as it is.
 */
export const formatPhone = (phone: string, locale: string): string => {
  const match = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(phone);
  if (!match) return phone;
  return locale.toLowerCase().startsWith('pt')
    ? `(${match[1]}) ${match[2]}-${match[3]}`
    : `+55 ${match[1]} ${match[2]}-${match[3]}`;
};
