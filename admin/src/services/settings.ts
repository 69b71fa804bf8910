import type { SecretAnswer, SecretBody, SettingsUpdateBody, SettingsView } from '../../../shared/contracts/settings';
import { dataOf, grupozapApi } from './api';

/** The checklist and the integration URLs are made of the settings: read again after a change. */
const MADE_OF_SETTINGS = ['GrupozapHomologation', 'GrupozapIntegrationUrl'] as const;

const settingsApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    grupozapSettings: builder.query<SettingsView, void>({
      query: () => '/grupozap/settings',
      transformResponse: dataOf<SettingsView>,
      providesTags: ['GrupozapSettings'],
    }),

    /** Each change answers the settings as they now are: the page shows that answer. */
    grupozapUpdateSettings: builder.mutation<SettingsView, SettingsUpdateBody>({
      query: (body) => ({ url: '/grupozap/settings', method: 'PUT', data: body }),
      transformResponse: dataOf<SettingsView>,
      async onQueryStarted(_body, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (data) dispatch(settingsApi.util.upsertQueryData('grupozapSettings', undefined, data));
      },
      invalidatesTags: [...MADE_OF_SETTINGS],
    }),

    /** Sets the portal's secret, or generates one: a generated secret is in this answer only. */
    grupozapSetSecret: builder.mutation<SecretAnswer, SecretBody>({
      query: (body) => ({ url: '/grupozap/settings/secret', method: 'POST', data: body }),
      async onQueryStarted(_body, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (data) dispatch(settingsApi.util.upsertQueryData('grupozapSettings', undefined, data.data));
      },
      invalidatesTags: [...MADE_OF_SETTINGS],
    }),

    grupozapRevokePreviousSecret: builder.mutation<SettingsView, void>({
      query: () => ({ url: '/grupozap/settings/previous-secret', method: 'DELETE' }),
      transformResponse: dataOf<SettingsView>,
      async onQueryStarted(_body, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (data) dispatch(settingsApi.util.upsertQueryData('grupozapSettings', undefined, data));
      },
      invalidatesTags: [...MADE_OF_SETTINGS],
    }),
  }),
});

export const {
  useGrupozapSettingsQuery: useSettingsQuery,
  useGrupozapUpdateSettingsMutation: useUpdateSettingsMutation,
  useGrupozapSetSecretMutation: useSetSecretMutation,
  useGrupozapRevokePreviousSecretMutation: useRevokePreviousSecretMutation,
} = settingsApi;
