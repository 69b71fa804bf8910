import type { ListingMirrorView, ListingSourceView, ResyncResult } from '../../../shared/contracts/listing-source';
import { dataOf, grupozapApi } from './api';

/** The property mirror (`listingSource`): its mapping and resync in Settings, a mirrored Listing's property. */
const listingSourceApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    grupozapListingSource: builder.query<ListingSourceView, void>({
      query: () => '/grupozap/listing-source',
      transformResponse: dataOf<ListingSourceView>,
      providesTags: ['GrupozapListingSource'],
    }),

    /** Mirrors every property again; the answer says what it did, and the counts are read again. */
    grupozapResyncListings: builder.mutation<ResyncResult, void>({
      query: () => ({ url: '/grupozap/listing-source/resync', method: 'POST' }),
      transformResponse: dataOf<ResyncResult>,
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
