/**
 * `mailto:` and `tel:` links to a lead, for the admin's lead page and the new-lead e-mail. The
 * values come from the portal: a link is made only of what it names (one address, one number),
 * so that `x@y.com?bcc=evil@z` adds no recipient, header or body to the mail composed.
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
