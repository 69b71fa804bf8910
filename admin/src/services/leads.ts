import type { Availability, AvailabilityBody } from '../../../shared/contracts/agents';
import type {
  InboxOptions,
  LeadBulkUpdateBody,
  LeadBulkUpdateResult,
  LeadDetail,
  LeadExportFile,
  VisitCalendarFile,
  LeadFilters,
  LeadList,
  LeadListItem,
  LeadListQuery,
  LeadNote,
  LeadNoteBody,
  LeadPerson,
  LeadUpdateBody,
} from '../../../shared/contracts/leads';
import { downloadFile } from '../utils/downloadFile';
import { LIST, dataOf, grupozapApi, type DataAnswer, type DownloadedFile } from './api';

/** A lead before or after another in an inbox view. */
export interface Neighbour {
  documentId: string;
  name: string | null;
  /** The inbox page it is on (for the back link and the next step). */
  page: number;
}

export interface LeadNeighbours {
  previous: Neighbour | null;
  next: Neighbour | null;
  /** 1-based place of the lead in the view, and the view's size; null when it is not in it. */
  position: number | null;
  total: number | null;
  /** False: the view holds more than `total` leads (the server stops counting past the page). */
  totalIsExact: boolean;
  /** The inbox page the lead is on (the page the back link returns to). */
  page: number | null;
}

export const NO_NEIGHBOURS: LeadNeighbours = {
  previous: null,
  next: null,
  position: null,
  total: null,
  totalIsExact: true,
  page: null,
};

const neighbourOf = (lead: LeadListItem | undefined, page: number): Neighbour | null =>
  lead ? { documentId: lead.documentId, name: lead.name, page } : null;

const leadUrl = (documentId: string) => `/grupozap/leads/${encodeURIComponent(documentId)}`;

const LEAD_LIST = { type: 'GrupozapLead' as const, id: LIST };

const leadsApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    /** POST /grupozap/leads/search: the view travels in the body, so a search term stays out of request logs. */
    grupozapSearchLeads: builder.query<LeadList, LeadListQuery>({
      query: (view) => ({ url: '/grupozap/leads/search', method: 'POST', data: view }),
      providesTags: [LEAD_LIST],
    }),

    /**
     * A lead with its notes and deliveries. Its payload and extra data are the portal's JSON, whose
     * keys may be anything, `__proto__` too: RTK Query's structural sharing (and Immer's patches)
     * copy objects key by key with assignments, which would turn such a key into a prototype. So a
     * lead is never shared or patched: an answer replaces it whole (see `replaceLead`).
     */
    grupozapLead: builder.query<LeadDetail, string>({
      query: (documentId) => leadUrl(documentId),
      transformResponse: dataOf<LeadDetail>,
      structuralSharing: false,
      providesTags: (_result, _error, documentId) => [{ type: 'GrupozapLead', id: documentId }],
    }),

    /**
     * The leads before and after `documentId` in the inbox view `view` (its filters, search, sort
     * and page), found the way the inbox lists them — the same API, the same order — so stepping
     * through a filtered, sorted view follows the table. The lead is looked for on the view's page,
     * then on the pages either side (new leads arriving move rows across a page). No tag: changing
     * the lead's status (which may take it out of the view) keeps its neighbours.
     */
    grupozapLeadNeighbours: builder.query<LeadNeighbours, { documentId: string; view: LeadListQuery }>({
      async queryFn({ documentId, view }, _api, _extraOptions, baseQuery) {
        type QueryError = NonNullable<Awaited<ReturnType<typeof baseQuery>>['error']>;
        const pages = new Map<number, LeadList>();
        const page = async (number: number): Promise<LeadList | null> => {
          if (number < 1) return null;
          if (!pages.has(number)) {
            const answer = await baseQuery({ url: '/grupozap/leads/search', method: 'POST', data: { ...view, page: number } });
            if (answer.error) throw answer.error;
            pages.set(number, answer.data as LeadList);
          }
          return pages.get(number) ?? null;
        };

        const find = async (): Promise<LeadNeighbours> => {
          const start = view.page ?? 1;
          for (const number of [start, start + 1, start - 1]) {
            const list = await page(number);
            if (!list) continue;
            const index = list.results.findIndex((lead) => lead.documentId === documentId);
            if (index === -1) {
              if (number === start && list.pagination.pageCount < start) break; // the view is shorter now
              continue;
            }
            const { pageCount, pageSize, total, totalIsExact } = list.pagination;
            let previous = neighbourOf(list.results[index - 1], number);
            if (!previous && number > 1) {
              const before = await page(number - 1);
              previous = neighbourOf(before?.results[before.results.length - 1], number - 1);
            }
            let next = neighbourOf(list.results[index + 1], number);
            if (!next && number < pageCount) {
              const after = await page(number + 1);
              next = neighbourOf(after?.results[0], number + 1);
            }
            const position = (number - 1) * (view.pageSize ?? pageSize) + index + 1;
            return { previous, next, position, total, totalIsExact, page: number };
          }
          return NO_NEIGHBOURS;
        };

        try {
          return { data: await find() };
        } catch (error) {
          return { error: error as QueryError };
        }
      },
    }),

    /** The person's other leads (same phone or e-mail), among those the user may read; refreshed with the lead. */
    grupozapLeadPerson: builder.query<LeadPerson, string>({
      query: (documentId) => `${leadUrl(documentId)}/person`,
      transformResponse: dataOf<LeadPerson>,
      providesTags: (_result, _error, documentId) => [{ type: 'GrupozapLead', id: documentId }, LEAD_LIST],
    }),

    /** PUT /grupozap/leads/:documentId; the answer has no neighbours: the ones shown are kept. */
    grupozapUpdateLead: builder.mutation<LeadDetail, { documentId: string; changes: LeadUpdateBody }>({
      query: ({ documentId, changes }) => ({ url: leadUrl(documentId), method: 'PUT', data: changes }),
      transformResponse: dataOf<LeadDetail>,
      async onQueryStarted({ documentId }, { dispatch, getState, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        const cached = leadsApi.endpoints.grupozapLead.select(documentId)(getState()).data;
        if (data && cached)
          dispatch(replaceLead(documentId, { ...cached, ...data, previous: cached.previous, next: cached.next }));
      },
      invalidatesTags: [LEAD_LIST, 'GrupozapReport'],
    }),

    grupozapAddLeadNote: builder.mutation<LeadNote, { documentId: string } & LeadNoteBody>({
      query: ({ documentId, body }) => ({ url: `${leadUrl(documentId)}/notes`, method: 'POST', data: { body } }),
      transformResponse: dataOf<LeadNote>,
      async onQueryStarted({ documentId }, { dispatch, getState, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        const cached = leadsApi.endpoints.grupozapLead.select(documentId)(getState()).data;
        // the note once, however often this runs (apps with i18n run adminApi's middleware twice)
        if (data && cached)
          dispatch(replaceLead(documentId, { ...cached, notes: [data, ...cached.notes.filter((note) => note.id !== data.id)] }));
      },
    }),

    grupozapBulkUpdateLeads: builder.mutation<LeadBulkUpdateResult, LeadBulkUpdateBody>({
      query: (body) => ({ url: '/grupozap/leads/bulk', method: 'POST', data: body }),
      transformResponse: dataOf<LeadBulkUpdateResult>,
      invalidatesTags: (_result, _error, { documentIds }) => [
        LEAD_LIST,
        ...documentIds.map((id) => ({ type: 'GrupozapLead' as const, id })),
        'GrupozapReport',
      ],
    }),

    /**
     * POST /grupozap/leads/export (the search term in the body, kept out of request logs), handed to
     * the browser as a file. The admin's fetch client reads JSON only: the CSV comes inside it.
     */
    grupozapExportLeads: builder.mutation<DownloadedFile, LeadFilters>({
      async queryFn(filters, _api, _extraOptions, baseQuery) {
        const answer = await baseQuery({ url: '/grupozap/leads/export', method: 'POST', data: filters });
        if (answer.error) return { error: answer.error };
        const { csv, filename } = (answer.data as DataAnswer<LeadExportFile>).data;
        downloadFile(csv, filename, 'text/csv;charset=utf-8');
        return { data: { filename } };
      },
    }),

    /** GET /grupozap/leads/:documentId/visit.ics, handed to the browser as a file (inside JSON, as the export). */
    grupozapVisitCalendar: builder.mutation<DownloadedFile, string>({
      async queryFn(documentId, _api, _extraOptions, baseQuery) {
        const answer = await baseQuery({ url: `/grupozap/leads/${documentId}/visit.ics`, method: 'GET' });
        if (answer.error) return { error: answer.error };
        const { ics, filename } = (answer.data as DataAnswer<VisitCalendarFile>).data;
        downloadFile(ics, filename, 'text/calendar;charset=utf-8');
        return { data: { filename } };
      },
    }),

    /** What the inbox's filters and assign menus offer. */
    grupozapInboxOptions: builder.query<InboxOptions, void>({
      query: () => '/grupozap/inbox/options',
      transformResponse: dataOf<InboxOptions>,
      providesTags: ['GrupozapInboxOptions'],
    }),

    grupozapMyAvailability: builder.query<Availability, void>({
      query: () => '/grupozap/agents/me',
      transformResponse: dataOf<Availability>,
      providesTags: ['GrupozapAvailability'],
    }),

    grupozapUpdateMyAvailability: builder.mutation<Availability, AvailabilityBody>({
      query: (body) => ({ url: '/grupozap/agents/me', method: 'PUT', data: body }),
      transformResponse: dataOf<Availability>,
      async onQueryStarted(_body, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (data) dispatch(leadsApi.util.upsertQueryData('grupozapMyAvailability', undefined, data));
      },
    }),
  }),
});

/** Puts a new version of a cached lead in place of the old one, whole (object spread keeps every key). */
const replaceLead = (documentId: string, lead: LeadDetail) => leadsApi.util.upsertQueryData('grupozapLead', documentId, lead);

export const {
  useGrupozapSearchLeadsQuery: useSearchLeadsQuery,
  useGrupozapLeadQuery: useLeadQuery,
  useGrupozapLeadNeighboursQuery: useLeadNeighboursQuery,
  useGrupozapLeadPersonQuery: useLeadPersonQuery,
  useGrupozapUpdateLeadMutation: useUpdateLeadMutation,
  useGrupozapAddLeadNoteMutation: useAddLeadNoteMutation,
  useGrupozapBulkUpdateLeadsMutation: useBulkUpdateLeadsMutation,
  useGrupozapExportLeadsMutation: useExportLeadsMutation,
  useGrupozapVisitCalendarMutation: useVisitCalendarMutation,
  useGrupozapMyAvailabilityQuery: useMyAvailabilityQuery,
  useGrupozapUpdateMyAvailabilityMutation: useUpdateMyAvailabilityMutation,
} = leadsApi;

const NO_OPTIONS: InboxOptions = {
  assignees: [],
  advertisers: [],
  origins: [],
  temperatures: [],
  transactionTypes: [],
  lostReasons: [],
};

/**
 * The inbox's filter choices and the admin users a lead can be assigned to, read again on each
 * page that shows them. Empty lists until they arrive, or if they cannot be read: the filters and
 * menus then offer what the leads themselves show.
 */
export const useInboxOptions = (): InboxOptions =>
  leadsApi.useGrupozapInboxOptionsQuery(undefined, { refetchOnMountOrArgChange: true }).data ?? NO_OPTIONS;
