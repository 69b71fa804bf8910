import type { PortalCode } from '../answers';
import type { PortalBody } from './lead-payload';

const isObject = (value: unknown): value is PortalBody =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A raw body as the portal sent it, read as a JSON object (a leading BOM is tolerated). */
export const parsePortalBody = (raw: string): { body: PortalBody } | { error: PortalCode } => {
  try {
    const parsed: unknown = JSON.parse(raw.replace(/^\uFEFF/, ''));
    return isObject(parsed) ? { body: parsed } : { error: 'BODY_NOT_OBJECT' };
  } catch {
    return { error: 'INVALID_JSON' };
  }
};
