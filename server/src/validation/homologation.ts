import { yup } from '@strapi/utils';
import { HOMOLOGATION_LEAD_FIELDS, type HomologationRunBody } from '../../../shared/contracts/homologation';

/** Fields of the test lead an admin may set; the runner owns originLeadId and clientListingId. */
const leadOverrides = yup
  .object(
    Object.fromEntries(HOMOLOGATION_LEAD_FIELDS.map((field) => [field, yup.string().max(field === 'message' ? 5000 : 255)]))
  )
  .noUnknown(true, 'The test lead cannot set ${unknown}')
  .default(undefined);

export const runBody: yup.AnySchema = yup
  .object({
    advertiser: yup.string().trim().required('Pick an advertiser'),
    listing: yup.string().trim().required('Pick a listing').max(255),
    secret: yup.string().max(200),
    lead: leadOverrides,
  })
  .noUnknown(true, 'Unknown field: ${unknown}');

export type RunBody = HomologationRunBody;

export const checklistQuery: yup.AnySchema = yup
  .object({
    advertiser: yup.string().trim(),
    listing: yup.string().trim().max(255),
  })
  .noUnknown();

export type ChecklistQuery = { advertiser?: string; listing?: string };

export const searchQuery: yup.AnySchema = yup.object({ q: yup.string().trim().max(200) }).noUnknown();

export type SearchQuery = { q?: string };
