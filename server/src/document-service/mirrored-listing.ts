import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { LISTING_MIRRORED_CODE, type MirroredProperty } from '../../../shared/contracts/listing-source';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { sameListingValue } from '../utils/listing-values';

type Data = Record<string, unknown>;

/** A clone would copy the property's link too: a second Listing kept in step by nobody. */
const GUARDED_ACTIONS = new Set(['update', 'delete', 'clone']);

interface GuardedListing extends Data {
  sourceDocumentId: string | null;
  advertiser: { id: number; documentId: string } | null;
}

/** A relation as the Document Service takes it: an id, a documentId, `{ id }`, or connect/disconnect/set lists. */
type RelationInput = number | string | { id?: number; documentId?: string } | null | undefined;

const refersTo = (item: RelationInput, current: { id: number; documentId: string }): boolean => {
  if (typeof item === 'number') return item === current.id;
  if (typeof item === 'string') return item === current.documentId || item === String(current.id);
  return Boolean(item) && (item!.id === current.id || item!.documentId === current.documentId);
};

/** Whether writing `value` to the advertiser relation would change it (the edit view sends unchanged relations as empty lists). */
const changesRelation = (value: unknown, current: GuardedListing['advertiser']): boolean => {
  if (value === undefined) return false;
  if (value === null) return current !== null;
  if (typeof value === 'object' && !Array.isArray(value) && !('id' in value) && !('documentId' in value)) {
    const { connect = [], disconnect = [], set } = value as { connect?: unknown; disconnect?: unknown; set?: unknown };
    const list = (items: unknown): RelationInput[] => (Array.isArray(items) ? items : items ? [items] : []) as RelationInput[];
    if (set !== undefined) {
      const targets = list(set);
      return current ? targets.length !== 1 || !refersTo(targets[0], current) : targets.length > 0;
    }
    const [connected, disconnected] = [list(connect), list(disconnect)];
    if (connected.length === 0) return Boolean(current) && disconnected.some((item) => refersTo(item, current!));
    return !current || connected.length !== 1 || !refersTo(connected[0], current);
  }
  const targets = (Array.isArray(value) ? value : [value]) as RelationInput[];
  return current ? targets.length !== 1 || !refersTo(targets[0], current) : targets.length > 0;
};

const refusal = (property: MirroredProperty, message: string, fields: string[]) =>
  new errors.ValidationError(message, {
    code: LISTING_MIRRORED_CODE,
    property,
    // the Content Manager shows these under the fields themselves
    errors: fields.map((field) => ({ path: [field], message, name: 'ValidationError' })),
  });

/**
 * A Listing that mirrors one of the app's properties (`listingSource`) is the mirror's: a hand
 * edit of a field the mirror writes would be lost at the property's next save, so it is refused
 * with a pointer to the property. Fields the mapping leaves out stay editable, and the mirror
 * itself writes through the Query Engine, which document-service middlewares do not see.
 */
export const mirroredListingMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.listing || !GUARDED_ACTIONS.has(context.action)) return next();
    const mirror = getService(strapi, 'listing-source');
    const guarded = mirror.guardedFields();
    const documentId = (context.params as { documentId?: string }).documentId;
    if (guarded.length === 0 || !documentId) return next();

    const scalars = guarded.filter((field) => field !== 'advertiser');
    const listing: GuardedListing | null = await strapi.db.query(UID.listing).findOne({
      where: { documentId },
      select: ['sourceDocumentId', ...scalars],
      populate: { advertiser: { select: ['id', 'documentId'] } },
    });
    const property = await mirror.propertyOf(listing?.sourceDocumentId);
    if (!listing || !property) return next();

    if (context.action === 'delete') {
      throw refusal(
        property,
        `This listing mirrors the property “${property.title}”: unpublish or delete the property instead (the listing then leaves the feed and keeps its leads).`,
        []
      );
    }
    if (context.action === 'clone') {
      throw refusal(
        property,
        `This listing mirrors the property “${property.title}”: a copy would be a second listing of it. Add a property instead.`,
        []
      );
    }
    const data = (context.params as { data?: Data }).data ?? {};
    const attributes = strapi.contentType(UID.listing).attributes as Record<string, { type: string }>;
    const changed = guarded.filter((field) =>
      field === 'advertiser'
        ? changesRelation(data.advertiser, listing.advertiser)
        : field in data && !sameListingValue(attributes[field]?.type ?? 'string', listing[field], data[field])
    );
    if (changed.length > 0) {
      throw refusal(
        property,
        `This listing mirrors the property “${property.title}”: edit the property instead (${changed.join(', ')} would be overwritten at its next save).`,
        changed
      );
    }
    return next();
  };
