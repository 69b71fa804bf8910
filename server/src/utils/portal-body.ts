import type { PortalCode } from '../delivery/answers';
import { isJsonObject } from './is-json-object';
import type { PortalBody } from './lead-payload';

/** A raw body as the portal sent it, read as a JSON object (a leading BOM is tolerated). */
export const parsePortalBody = (raw: string): { body: PortalBody } | { error: PortalCode } => {
  try {
    const parsed: unknown = JSON.parse(raw.replace(/^\uFEFF/, ''));
    return isJsonObject(parsed) ? { body: parsed } : { error: 'BODY_NOT_OBJECT' };
  } catch {
    return { error: 'INVALID_JSON' };
  }
};
