import { yup } from '@strapi/utils';
import {
  FOLLOW_UP_FILTERS,
  type FollowUpFilter,
  FOLLOW_UP_KINDS,
  LEAD_SORTABLE_FIELDS,
  LEAD_STATUSES,
} from '../../../shared/contracts/leads';

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
  /** a follow-up due by the end of today, or already past */
  followUp: yup.mixed<FollowUpFilter>().oneOf([...FOLLOW_UP_FILTERS]),
  /** one row per person: their newest lead */
  perPerson: yup.boolean(),
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

/** A lead moved to `lost` says why; no other status takes a reason (which one of the list: the controller). */
const lostReasonShape = {
  lostReason: yup
    .string()
    .trim()
    .max(80)
    .when('status', {
      is: 'lost',
      then: (schema) => schema.required('Say why the lead was lost (lostReason)'),
      otherwise: (schema) =>
        schema.test('only-when-lost', 'A lost reason goes with the status lost only', (value) => value === undefined),
    }),
};

/** An instant within these years of now: a typo'd year is refused, not kept as a reminder in 2206. */
const YEARS_AHEAD = 5;
const YEARS_BACK = 1;
const instant = () =>
  yup
    .date()
    .typeError('must be a date and time (ISO 8601)')
    .test('near', `must be within ${YEARS_BACK} year back and ${YEARS_AHEAD} years ahead`, (value) => {
      if (!value) return true;
      const years = (value.getTime() - Date.now()) / (365.25 * 86_400_000);
      return years >= -YEARS_BACK && years <= YEARS_AHEAD;
    });

/**
 * The next step (a date, and what: `call` when not said), and the visit's date, which the status
 * `visit_scheduled` needs.
 */
const nextStepShape = {
  followUpAt: instant().nullable(),
  followUpKind: yup
    .string()
    .oneOf([...FOLLOW_UP_KINDS])
    .when('followUpAt', {
      is: (followUpAt: unknown) => followUpAt === undefined || followUpAt === null,
      then: (schema) =>
        schema.test('with-date', 'A follow-up kind goes with a follow-up date (followUpAt)', (value) => value === undefined),
    }),
  visitAt: instant()
    .nullable()
    .when('status', {
      is: 'visit_scheduled',
      then: (schema) => schema.required('Say when the visit is (visitAt)'),
    }),
};

const changes = (value: Record<string, unknown> | undefined) =>
  ['status', 'assignee', 'followUpAt', 'visitAt'].some((field) => value?.[field] !== undefined);

export const leadUpdateBody = yup
  .object({
    status: yup.string().oneOf([...LEAD_STATUSES]),
    ...lostReasonShape,
    assignee: yup.number().integer().positive().nullable(),
    ...nextStepShape,
  })
  .noUnknown()
  .test('not-empty', 'nothing to update', changes);

export const bulkUpdateBody = yup
  .object({
    documentIds: yup.array().of(yup.string().required()).min(1).max(500).required(),
    status: yup.string().oneOf([...LEAD_STATUSES]),
    ...lostReasonShape,
    assignee: yup.number().integer().positive().nullable(),
    ...nextStepShape,
  })
  .noUnknown()
  .test('not-empty', 'nothing to update', changes);

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
