/**
 * Whether two values of one Listing field are the same for the mirror: the Content Manager sends
 * back every field it showed (decimals as strings or numbers, empty text as '' or null), and the
 * databases answer decimals and JSON in their own ways, so a byte comparison would see changes
 * nobody made.
 */
const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === '';

const asNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
};

const asJson = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` compare equal. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner
  );

const NUMERIC = new Set(['integer', 'biginteger', 'decimal', 'float']);

/** `type` is the Listing attribute's type (`string`, `decimal`, `json`…): it says how to compare. */
export const sameListingValue = (type: string, a: unknown, b: unknown): boolean => {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (NUMERIC.has(type)) {
    const [numberA, numberB] = [asNumber(a), asNumber(b)];
    if (numberA !== null && numberB !== null) return Math.abs(numberA - numberB) < 1e-9;
  }
  if (type === 'json') return canonical(asJson(a)) === canonical(asJson(b));
  if (type === 'boolean') return (a === true || a === 'true' || a === 1) === (b === true || b === 'true' || b === 1);
  return typeof a === 'object' || typeof b === 'object' ? canonical(a) === canonical(b) : String(a) === String(b);
};
