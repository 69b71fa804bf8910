import { isDeepStrictEqual } from 'node:util';
import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../constants';
import { fieldError } from './field-error';

type Data = Record<string, unknown>;

interface StoredIdentity {
  originLeadId: string;
  payload: unknown;
}

/** A relation input that changes nothing: absent, or the Content Manager's empty connect/disconnect. */
const isNoRelationChange = (value: unknown): boolean => {
  if (value === undefined) return true;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { connect = [], disconnect = [], set, ...rest } = value as { connect?: unknown[]; disconnect?: unknown[]; set?: unknown };
  return set === undefined && Object.keys(rest).length === 0 && connect.length === 0 && disconnect.length === 0;
};

/**
 * A lead is what the portal delivered: leads are only created by the lead route (a lead made in
 * the Content Manager with a future `originLeadId` would have the portal's real lead answered as
 * a duplicate and never stored), and the portal's id, its payload and its deliveries never
 * change. Everything an agent works on (status, assignee, contact fields) stays editable.
 * The plugin writes leads with the Query Engine, which this does not concern.
 */
export const leadIdentityMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.lead) return next();
    if (context.action === 'create' || context.action === 'clone') {
      throw fieldError('originLeadId', 'Leads come from Grupo ZAP: they cannot be created or copied here.');
    }
    if (context.action !== 'update') return next();

    const { data, documentId } = context.params as { data?: Data; documentId?: string };
    if (!data || !documentId) return next();
    if (!isNoRelationChange(data.deliveries)) {
      throw fieldError('deliveries', 'A lead’s deliveries are the portal’s log: they cannot be changed.');
    }
    if (!('originLeadId' in data) && !('payload' in data)) return next();

    const stored: StoredIdentity | null = await strapi.db.query(UID.lead).findOne({
      where: { documentId },
      select: ['originLeadId', 'payload'],
    });
    if (!stored) return next();
    if ('originLeadId' in data && data.originLeadId !== stored.originLeadId) {
      throw fieldError(
        'originLeadId',
        'The portal’s lead id cannot be changed: it recognises the portal’s redeliveries.',
        data.originLeadId
      );
    }
    if ('payload' in data && !isDeepStrictEqual(data.payload ?? null, stored.payload ?? null)) {
      throw fieldError('payload', 'What the portal sent cannot be changed.');
    }
    return next();
  };
