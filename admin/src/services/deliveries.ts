import type {
  DeliveryAlert,
  DeliveryDetail,
  DeliveryList,
  DeliveryListQuery,
  ReplayResult,
} from '../../../shared/contracts/deliveries';
import { LIST, dataOf, grupozapApi } from './api';

const deliveryUrl = (documentId: string) => `/grupozap/deliveries/${encodeURIComponent(documentId)}`;

const deliveriesApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    /** GET /grupozap/deliveries: a page of the log, newest first (the answer is the list itself). */
    grupozapDeliveries: builder.query<DeliveryList, DeliveryListQuery>({
      query: (params) => ({ url: '/grupozap/deliveries', config: { params } }),
      providesTags: [{ type: 'GrupozapDelivery', id: LIST }],
    }),

    /** One delivery with its raw body. */
    grupozapDelivery: builder.query<DeliveryDetail, string>({
      query: (documentId) => deliveryUrl(documentId),
      transformResponse: dataOf<DeliveryDetail>,
      providesTags: (_result, _error, documentId) => [{ type: 'GrupozapDelivery', id: documentId }],
    }),

    /** Runs a refused delivery's body through the lead route again: a new row, and maybe a lead. */
    grupozapReplayDelivery: builder.mutation<ReplayResult, string>({
      query: (documentId) => ({ url: `${deliveryUrl(documentId)}/replay`, method: 'POST' }),
      transformResponse: dataOf<ReplayResult>,
      invalidatesTags: [{ type: 'GrupozapDelivery', id: LIST }, { type: 'GrupozapLead', id: LIST }, 'GrupozapReport'],
    }),

    /** Refusal codes repeated within the window, for the banner over the plugin's pages. */
    grupozapDeliveryAlerts: builder.query<DeliveryAlert[], void>({
      query: () => '/grupozap/alerts',
      transformResponse: dataOf<DeliveryAlert[]>,
      providesTags: ['GrupozapAlert'],
    }),
  }),
});

export const {
  useGrupozapDeliveriesQuery: useDeliveriesQuery,
  useGrupozapDeliveryQuery: useDeliveryQuery,
  useGrupozapReplayDeliveryMutation: useReplayDeliveryMutation,
  useGrupozapDeliveryAlertsQuery: useDeliveryAlertsQuery,
} = deliveriesApi;
