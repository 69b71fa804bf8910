/**
 * Any value of a lead as text for display: text as it is, numbers and booleans written out,
 * null and undefined empty, anything else (an object, an array) as compact JSON — the portal's
 * payload may hold any JSON where a text is expected.
 */
export const displayText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
