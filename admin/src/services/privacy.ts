import type {
  PrivacyAuditEntry,
  PrivacyErasure,
  PrivacyExport,
  PrivacySearchResult,
  PrivacySubjectBody,
  RetentionPreview,
} from '../../../shared/contracts/privacy';
import { downloadFile } from '../utils/downloadFile';
import { dataOf, grupozapApi, type DownloadedFile } from './api';

const API = '/grupozap/privacy';

/**
 * The LGPD requests. The person is named in POST bodies only, never in a URL; each search, export
 * and erasure is written to the audit log, which is read again after them.
 */
const privacyApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    /** What the daily job would anonymise now. */
    grupozapRetention: builder.query<RetentionPreview, void>({
      query: () => `${API}/retention`,
      transformResponse: dataOf<RetentionPreview>,
      providesTags: ['GrupozapPrivacy'],
    }),

    grupozapPrivacyAudit: builder.query<PrivacyAuditEntry[], void>({
      query: () => `${API}/audit`,
      transformResponse: dataOf<PrivacyAuditEntry[]>,
      providesTags: ['GrupozapPrivacy'],
    }),

    /** A mutation, not a query: each search is recorded in the audit log. */
    grupozapSearchPersonalData: builder.mutation<PrivacySearchResult, PrivacySubjectBody>({
      query: (subject) => ({ url: `${API}/search`, method: 'POST', data: subject }),
      transformResponse: dataOf<PrivacySearchResult>,
      invalidatesTags: ['GrupozapPrivacy'],
    }),

    /** Everything held about the person, handed to the browser as a JSON file. */
    grupozapExportPersonalData: builder.mutation<DownloadedFile, PrivacySubjectBody>({
      async queryFn(subject, _api, _extraOptions, baseQuery) {
        const answer = await baseQuery({ url: `${API}/export`, method: 'POST', data: subject });
        if (answer.error) return { error: answer.error };
        const data = answer.data as PrivacyExport;
        const filename = `personal-data-${subject.kind}-${data.exportedAt.slice(0, 10)}.json`;
        // the admin's fetch client reads a POST's answer as JSON whatever is asked: written out again here
        downloadFile(JSON.stringify(data, null, 2), filename, 'application/json');
        return { data: { filename } };
      },
      invalidatesTags: ['GrupozapPrivacy'],
    }),

    /**
     * Anonymises the person's leads, notes and deliveries, and takes their mentions out of other
     * people's records: every view of them is read again.
     */
    grupozapErasePersonalData: builder.mutation<PrivacyErasure, PrivacySubjectBody>({
      query: (subject) => ({ url: `${API}/erase`, method: 'POST', data: subject }),
      transformResponse: dataOf<PrivacyErasure>,
      invalidatesTags: ['GrupozapPrivacy', 'GrupozapLead', 'GrupozapDelivery'],
    }),
  }),
});

export const {
  useGrupozapRetentionQuery: useRetentionQuery,
  useGrupozapPrivacyAuditQuery: usePrivacyAuditQuery,
  useGrupozapSearchPersonalDataMutation: useSearchPersonalDataMutation,
  useGrupozapExportPersonalDataMutation: useExportPersonalDataMutation,
  useGrupozapErasePersonalDataMutation: useErasePersonalDataMutation,
} = privacyApi;
