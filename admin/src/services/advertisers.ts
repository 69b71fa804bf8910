import type { FeedHealthView, IntegrationUrlView } from '../../../shared/contracts/advertisers';
import { downloadFile, filenameOf } from '../utils/downloadFile';
import { dataOf, getFile, grupozapApi, type DownloadedFile } from './api';

/** The advertiser's additions to the Content Manager: its integration URL, the portal's CSV. */
const advertisersApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    /**
     * The URL to register with the portal for an advertiser. `revision` (its slug and last save)
     * asks again after each save in the Content Manager, where the slug, and so the URL, may change.
     */
    grupozapIntegrationUrl: builder.query<IntegrationUrlView, { documentId: string; revision: string }>({
      query: ({ documentId }) => `/grupozap/advertisers/${encodeURIComponent(documentId)}/integration-url`,
      transformResponse: dataOf<IntegrationUrlView>,
      providesTags: ['GrupozapIntegrationUrl'],
    }),

    /** The advertiser's feed health; `revision` (its last save) asks again after each save. */
    grupozapFeedHealth: builder.query<FeedHealthView, { documentId: string; revision: string }>({
      query: ({ documentId }) => `/grupozap/advertisers/${encodeURIComponent(documentId)}/feed`,
      transformResponse: dataOf<FeedHealthView>,
    }),

    /**
     * A new feed token: the answer (with the URL, shown this once unless the app keeps it
     * encrypted) replaces the feed health shown for that save of the advertiser.
     */
    grupozapMakeFeedToken: builder.mutation<FeedHealthView, { documentId: string; revision: string }>({
      query: ({ documentId }) => ({ url: `/grupozap/advertisers/${encodeURIComponent(documentId)}/feed/token`, method: 'POST' }),
      transformResponse: dataOf<FeedHealthView>,
      async onQueryStarted(view, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (data) dispatch(advertisersApi.util.upsertQueryData('grupozapFeedHealth', view, data));
      },
    }),

    /**
     * The portal's batch registration CSV of every active advertiser, handed to the browser;
     * `feedUrls`: with a FEED_URL column, the agency's copy.
     */
    grupozapDownloadAdvertisers: builder.mutation<DownloadedFile, { feedUrls: boolean }>({
      async queryFn({ feedUrls }) {
        const answer = await getFile(`/grupozap/advertisers/registration.csv${feedUrls ? '?feeds=true' : ''}`);
        if ('error' in answer) return { error: answer.error };
        const filename = filenameOf(
          answer.data.headers,
          feedUrls ? 'grupozap-advertisers-feeds.csv' : 'grupozap-advertisers.csv'
        );
        downloadFile(answer.data.blob, filename, 'text/csv');
        return { data: { filename } };
      },
    }),
  }),
});

export const {
  useGrupozapIntegrationUrlQuery: useIntegrationUrlQuery,
  useGrupozapFeedHealthQuery: useFeedHealthQuery,
  useGrupozapMakeFeedTokenMutation: useMakeFeedTokenMutation,
  useGrupozapDownloadAdvertisersMutation: useDownloadAdvertisersMutation,
} = advertisersApi;
