import type { ListingMirrorView, ListingSourceView, ResyncRun } from '../../../shared/contracts/listing-source';
import { dataOf, grupozapApi } from './api';

/** The property mirror (`listingSource`): its mapping and resync in Settings, a mirrored Listing's property. */
const listingSourceApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    grupozapListingSource: builder.query<ListingSourceView, void>({
      query: () => '/grupozap/listing-source',
      transformResponse: dataOf<ListingSourceView>,
      providesTags: ['GrupozapListingSource'],
    }),

    /** Starts mirroring every property again (in the background): the view, read again, follows the run. */
    grupozapResyncListings: builder.mutation<ResyncRun, void>({
      query: () => ({ url: '/grupozap/listing-source/resync', method: 'POST' }),
      transformResponse: dataOf<ResyncRun>,
      invalidatesTags: ['GrupozapListingSource'],
    }),

    /** `revision` (the Listing's last save) asks again after each save in the Content Manager. */
    grupozapListingMirror: builder.query<ListingMirrorView, { documentId: string; revision: string }>({
      query: ({ documentId }) => `/grupozap/listings/${encodeURIComponent(documentId)}/mirror`,
      transformResponse: dataOf<ListingMirrorView>,
      providesTags: ['GrupozapListingSource'],
    }),
  }),
});

export const {
  useGrupozapListingSourceQuery: useListingSourceQuery,
  useGrupozapResyncListingsMutation: useResyncListingsMutation,
  useGrupozapListingMirrorQuery: useListingMirrorQuery,
} = listingSourceApi;
