import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface PortalPhone {
  ddd?: unknown;
  phone?: unknown;
  phoneNumber?: unknown;
}

const digitsOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\D/g, '') : '';

const toBrazilianE164 = (nationalDigits: string): string | null => {
  if (!nationalDigits) return null;
  const parsed = parsePhoneNumberFromString(nationalDigits, 'BR');
  return parsed && parsed.isValid() ? parsed.number : null;
};

/**
 * `+55…` from `ddd` + `phone`, or else from the deprecated `phoneNumber` (which the portal
 * sometimes sends with the country code in front). Null when neither makes a valid number.
 */
export const toPhoneE164 = ({ ddd, phone, phoneNumber }: PortalPhone): string | null => {
  const fromParts = toBrazilianE164(digitsOf(ddd) + digitsOf(phone));
  if (fromParts) return fromParts;

  let legacy = digitsOf(phoneNumber);
  if (legacy.length >= 12 && legacy.startsWith('55')) legacy = legacy.slice(2);
  return toBrazilianE164(legacy);
};
