import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { UID } from '../constants';
import { ACTIONS } from '../permissions';
import { getService } from '../utils/get-service';
import type { LeadExportFile } from '../../../shared/contracts/leads';
import {
  bulkUpdateBody,
  leadExportBody,
  leadListQuery,
  leadSearchBody,
  leadUpdateBody,
  noteBody,
  type BulkUpdateBody,
  type LeadExportBody,
  type LeadListQuery,
  type LeadSearchBody,
  type LeadUpdateBody,
} from '../validation/inbox';
import { validate } from '../validation/validate';
import type { LeadSelection } from '../utils/lead-restriction';

interface AdminState {
  user: { id: number; email: string };
  userAbility: unknown;
}

type Filters = Record<string, unknown>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const inbox = () => getService(strapi, 'inbox');

  /** The leads the user's role lets them `action` (e.g. only those assigned to an Author); null: none. */
  const allowedScopeOf = (ctx: Context, action: string): Filters | null => {
    const { userAbility } = ctx.state as AdminState;
    const manager = strapi
      .service('admin::permission')
      .createPermissionsManager({ ability: userAbility, action, model: UID.lead });
    if (!manager.isAllowed) return null;
    return (manager.addPermissionsQueryTo({}).filters as Filters | undefined) ?? {};
  };

  const scopeOf = (ctx: Context, action: string): Filters => {
    const scope = allowedScopeOf(ctx, action);
    if (!scope) throw new errors.ForbiddenError();
    return scope;
  };

  /** A filter no lead passes. */
  const NO_LEAD: Filters = { id: { $null: true } };

  const withScope = (where: Filters, scope: Filters): Filters => (Object.keys(scope).length ? { $and: [where, scope] } : where);

  const scoped = (selection: LeadSelection, ...scopes: Filters[]): LeadSelection => ({
    ...selection,
    where: scopes.reduce((where, scope) => withScope(where, scope), selection.where),
  });

  const assigneeExists = async (assignee: number | null | undefined) => {
    if (assignee === undefined || assignee === null) return;
    const user = await strapi.db.query('admin::user').findOne({ where: { id: assignee }, select: ['id'] });
    if (!user)
      throw new errors.ValidationError('No admin user has this id', {
        errors: [{ path: ['assignee'], message: 'Unknown user' }],
      });
  };

  /** A lost reason must be one the manager keeps (Settings → Grupo ZAP), as it is written there. */
  const reasonIsKept = async (lostReason: string | undefined) => {
    if (lostReason === undefined) return;
    const { lostReasons } = await getService(strapi, 'settings').current();
    if (!lostReasons.includes(lostReason)) {
      throw new errors.ValidationError('Not one of the lost reasons in Settings → Grupo ZAP', {
        code: 'LOST_REASON_UNKNOWN',
        lostReasons,
      });
    }
  };

  const list = async (ctx: Context, query: LeadListQuery | LeadSearchBody) => {
    const { user } = ctx.state as AdminState;
    const scope = scopeOf(ctx, ACTIONS.leadsRead);
    return inbox().list(scoped(await inbox().selectionOf(query, user.id), scope), query, scope);
  };

  return {
    /** GET /grupozap/leads: the filters in the URL, no search term. */
    async find(ctx: Context) {
      ctx.body = await list(ctx, await validate<LeadListQuery>(leadListQuery, ctx.query));
    },

    /** POST /grupozap/leads/search: the same list, the filters and search term in the body (kept out of logs). */
    async search(ctx: Context) {
      ctx.body = await list(ctx, await validate<LeadSearchBody>(leadSearchBody, ctx.request.body ?? {}));
    },

    async findOne(ctx: Context) {
      const lead = await inbox().findOne(ctx.params.documentId, scopeOf(ctx, ACTIONS.leadsRead));
      if (!lead) throw new errors.NotFoundError('Lead not found', { code: 'LEAD_NOT_FOUND' });
      ctx.body = { data: lead };
    },

    async update(ctx: Context) {
      const changes = await validate<LeadUpdateBody>(leadUpdateBody, ctx.request.body);
      await assigneeExists(changes.assignee);
      await reasonIsKept(changes.lostReason);
      const [id] = await inbox().idsWithin([ctx.params.documentId], scopeOf(ctx, ACTIONS.leadsUpdate));
      if (!id) throw new errors.NotFoundError('Lead not found', { code: 'LEAD_NOT_FOUND' });
      await inbox().update([id], changes, { by: (ctx.state as AdminState).user.id });
      // the lead as changed, even if the change took it out of the user's leads (reassigned);
      // its previous and next among the leads they may read
      const readable = allowedScopeOf(ctx, ACTIONS.leadsRead) ?? NO_LEAD;
      ctx.body = { data: await inbox().findOne(ctx.params.documentId, readable, { leadScope: {} }) };
    },

    async bulkUpdate(ctx: Context) {
      const { documentIds, ...changes } = await validate<BulkUpdateBody>(bulkUpdateBody, ctx.request.body);
      await assigneeExists(changes.assignee);
      await reasonIsKept(changes.lostReason);
      const ids = await inbox().idsWithin(documentIds, scopeOf(ctx, ACTIONS.leadsUpdate));
      await inbox().update(ids, changes, { by: (ctx.state as AdminState).user.id });
      ctx.body = { data: { count: ids.length } };
    },

    async addNote(ctx: Context) {
      const { body } = await validate<{ body: string }>(noteBody, ctx.request.body);
      const [id] = await inbox().idsWithin([ctx.params.documentId], scopeOf(ctx, ACTIONS.leadsUpdate));
      if (!id) throw new errors.NotFoundError('Lead not found', { code: 'LEAD_NOT_FOUND' });
      ctx.status = 201;
      ctx.body = { data: await inbox().addNote(id, (ctx.state as AdminState).user.id, body) };
    },

    /** GET /grupozap/leads/:documentId/person: the person's other leads, among the reader's. */
    async person(ctx: Context) {
      const person = await getService(strapi, 'people').otherLeadsOf(ctx.params.documentId, scopeOf(ctx, ACTIONS.leadsRead));
      if (!person) throw new errors.NotFoundError('Lead not found', { code: 'LEAD_NOT_FOUND' });
      ctx.body = { data: person };
    },

    /**
     * GET /grupozap/leads/:documentId/visit.ics: the lead's visit for a calendar; to a client that
     * prefers JSON (the admin's fetch client), `{ data: { filename, ics } }`.
     */
    async visitCalendar(ctx: Context) {
      const file = await getService(strapi, 'follow-ups').visitCalendarOf(ctx.params.documentId, scopeOf(ctx, ACTIONS.leadsRead));
      if (!file) throw new errors.NotFoundError('No visit scheduled for this lead', { code: 'VISIT_NOT_FOUND' });
      if (ctx.accepts('text/calendar', 'application/json') === 'application/json') {
        ctx.body = { data: file };
        return;
      }
      ctx.set('Content-Disposition', `attachment; filename="${file.filename}"`);
      ctx.type = 'text/calendar; charset=utf-8';
      ctx.body = file.ics;
    },

    /** GET /grupozap/inbox/options: the filters' choices and the users a lead can be assigned to, within the user's leads. */
    async options(ctx: Context) {
      ctx.body = { data: await inbox().options(scopeOf(ctx, ACTIONS.leadsRead), (ctx.state as AdminState).user.id) };
    },

    /**
     * POST /grupozap/leads/export: the filtered view as a CSV file; to a client that prefers JSON
     * (the admin's fetch client reads no other answer to a POST), `{ data: { filename, csv } }`.
     */
    async export(ctx: Context) {
      const query = await validate<LeadExportBody>(leadExportBody, ctx.request.body ?? {});
      const { user } = ctx.state as AdminState;
      const selection = scoped(
        await inbox().selectionOf(query, user.id),
        scopeOf(ctx, ACTIONS.leadsRead),
        scopeOf(ctx, ACTIONS.leadsExport)
      );
      const file: LeadExportFile = {
        filename: `leads-${new Date().toISOString().slice(0, 10)}.csv`,
        csv: await inbox().exportCsv(selection, query.q),
      };
      if (ctx.accepts('text/csv', 'application/json') === 'application/json') {
        ctx.body = { data: file };
        return;
      }
      ctx.set('Content-Disposition', `attachment; filename="${file.filename}"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = file.csv;
    },
  };
};
