import type {
  HomologationAdvertiser,
  HomologationChecklist,
  HomologationChecklistQuery,
  HomologationListing,
  HomologationRun,
  HomologationRunBody,
  TestLeadsDeletion,
} from '../../../shared/contracts/homologation';
import { LIST, dataOf, grupozapApi } from './api';

const API = '/grupozap/homologation';

/** The pickers ask with the text typed (none: the first ones). */
const searchParams = (q: string) => (q ? { q } : {});

const homologationApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    /** What to e-mail the portal, for the advertiser and listing picked; the count of test leads. */
    grupozapHomologationChecklist: builder.query<HomologationChecklist, HomologationChecklistQuery>({
      query: (params) => ({ url: `${API}/checklist`, config: { params } }),
      transformResponse: dataOf<HomologationChecklist>,
      providesTags: ['GrupozapHomologation'],
    }),

    /** Advertisers whose name, slug or document holds `q`, searched on the server. */
    grupozapHomologationAdvertisers: builder.query<HomologationAdvertiser[], string>({
      query: (q) => ({ url: `${API}/advertisers`, config: { params: searchParams(q) } }),
      transformResponse: dataOf<HomologationAdvertiser[]>,
    }),

    grupozapHomologationListings: builder.query<HomologationListing[], { advertiser: string; q: string }>({
      query: ({ advertiser, q }) => ({
        url: `${API}/advertisers/${encodeURIComponent(advertiser)}/listings`,
        config: { params: searchParams(q) },
      }),
      transformResponse: dataOf<HomologationListing[]>,
    }),

    /** Posts the portal's test cases to the advertiser's URL, over HTTP: leads and deliveries follow. */
    grupozapRunHomologation: builder.mutation<HomologationRun, HomologationRunBody>({
      query: (body) => ({ url: `${API}/run`, method: 'POST', data: body }),
      transformResponse: dataOf<HomologationRun>,
      invalidatesTags: ['GrupozapHomologation', { type: 'GrupozapLead', id: LIST }, { type: 'GrupozapDelivery', id: LIST }],
    }),

    /** Deletes the leads marked as test, with their notes and delivery rows. */
    grupozapDeleteTestLeads: builder.mutation<TestLeadsDeletion, void>({
      query: () => ({ url: `${API}/test-leads`, method: 'DELETE' }),
      transformResponse: dataOf<TestLeadsDeletion>,
      invalidatesTags: ['GrupozapHomologation', 'GrupozapLead', 'GrupozapDelivery'],
    }),
  }),
});

export const {
  useGrupozapHomologationChecklistQuery: useHomologationChecklistQuery,
  useGrupozapHomologationAdvertisersQuery: useHomologationAdvertisersQuery,
  useGrupozapHomologationListingsQuery: useHomologationListingsQuery,
  useGrupozapRunHomologationMutation: useRunHomologationMutation,
  useGrupozapDeleteTestLeadsMutation: useDeleteTestLeadsMutation,
} = homologationApi;
