import { yup } from '@strapi/utils';
import { LEAD_SORTABLE_FIELDS, LEAD_STATUSES } from '../../../shared/contracts/leads';

const leadFilterShape = {
  status: yup.string().oneOf([...LEAD_STATUSES]),
  advertiser: yup.string(),
  origin: yup.string(),
  temperature: yup.string(),
  transactionType: yup.string(),
  from: yup.date(),
  to: yup.date(),
  /** an admin user id, `me`, or `none` */
  assignee: yup.string().matches(/^(\d+|me|none)$/, 'assignee must be a user id, "me" or "none"'),
  listingMatched: yup.boolean(),
  /** still `new` past the first-response deadline (`false`: the others) */
  overdue: yup.boolean(),
};

/**
 * The search term names a person (a name, an e-mail, a phone): it is taken from request bodies
 * only, since Strapi's request logger writes every URL with its query string.
 */
const searchShape = { q: yup.string().trim().max(200) };

const pageShape = {
  page: yup.number().integer().min(1).default(1),
  pageSize: yup.number().integer().min(1).max(100).default(25),
  sort: yup
    .string()
    .matches(new RegExp(`^(${LEAD_SORTABLE_FIELDS.join('|')}):(asc|desc)$`), 'sort must be field:asc or field:desc')
    .default('receivedAt:desc'),
};

/** GET /grupozap/leads: a `q` in its URL is refused (400), as any unknown parameter. */
export const leadListQuery = yup
  .object({ ...leadFilterShape, ...pageShape })
  .noUnknown(true, 'unknown parameters: ${unknown} (a search term goes in the body of POST /grupozap/leads/search)');

/** POST /grupozap/leads/search */
export const leadSearchBody = yup.object({ ...leadFilterShape, ...searchShape, ...pageShape }).noUnknown();

/** POST /grupozap/leads/export */
export const leadExportBody = yup.object({ ...leadFilterShape, ...searchShape }).noUnknown();

export const leadUpdateBody = yup
  .object({
    status: yup.string().oneOf([...LEAD_STATUSES]),
    assignee: yup.number().integer().positive().nullable(),
  })
  .noUnknown()
  .test('not-empty', 'nothing to update', (value) => value?.status !== undefined || value?.assignee !== undefined);

export const bulkUpdateBody = yup
  .object({
    documentIds: yup.array().of(yup.string().required()).min(1).max(500).required(),
    status: yup.string().oneOf([...LEAD_STATUSES]),
    assignee: yup.number().integer().positive().nullable(),
  })
  .noUnknown()
  .test('not-empty', 'nothing to update', (value) => value?.status !== undefined || value?.assignee !== undefined);

export const noteBody = yup.object({ body: yup.string().trim().min(1).max(10_000).required() }).noUnknown();

export const deliveryListQuery = yup
  .object({
    outcome: yup.string().oneOf(['created', 'duplicate', 'refused', 'failed']),
    code: yup.string().max(64),
    originLeadId: yup.string().max(255),
    page: yup.number().integer().min(1).default(1),
    pageSize: yup.number().integer().min(1).max(100).default(25),
  })
  .noUnknown();

export type LeadListQuery = yup.InferType<typeof leadListQuery>;
export type LeadSearchBody = yup.InferType<typeof leadSearchBody>;
export type LeadExportBody = yup.InferType<typeof leadExportBody>;
export type LeadUpdateBody = yup.InferType<typeof leadUpdateBody>;
export type BulkUpdateBody = yup.InferType<typeof bulkUpdateBody>;
export type DeliveryListQuery = yup.InferType<typeof deliveryListQuery>;
