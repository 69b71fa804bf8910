import { adminApi, getFetchClient, isFetchError } from '@strapi/strapi/admin';

/**
 * The plugin's admin API on the admin panel's own data layer: Strapi's `adminApi` (RTK Query),
 * which the admin's store already holds, with the plugin's cache tags. Each area injects its
 * endpoints in a file beside this one (leads.ts, deliveries.ts, …) and exports their hooks; pages
 * use those hooks and never write a URL.
 *
 * Endpoint and tag names are shared by every plugin of the app, hence the `grupozap` prefix (a
 * second endpoint of the same name would be ignored); the files export the hooks without it.
 * A cache update written from a change's answer (`onQueryStarted`) must be idempotent: an app
 * with Strapi's i18n plugin runs adminApi's middleware, and so each such update, twice.
 */
export const grupozapApi = adminApi.enhanceEndpoints({
  addTagTypes: [
    'GrupozapLead',
    'GrupozapInboxOptions',
    'GrupozapAvailability',
    'GrupozapDelivery',
    'GrupozapAlert',
    'GrupozapSettings',
    'GrupozapHomologation',
    'GrupozapPrivacy',
    'GrupozapReport',
    'GrupozapIntegrationUrl',
    'GrupozapListingSource',
  ],
});

/** Most answers of the admin API: the value in `data`, which is what the cache keeps. */
export interface DataAnswer<T> {
  data: T;
}

export const dataOf = <T>(answer: DataAnswer<T>): T => answer.data;

/** A tag of a list (`id: 'LIST'`), invalidated by whatever adds to it or removes from it. */
export const LIST = 'LIST';

/** What an endpoint's error may be: the server's `error` (with its `status`), or no answer at all. */
export interface ApiErrorLike {
  name?: string;
  message?: string;
  status?: number;
  details?: unknown;
}

/**
 * True for an error the server answered (its JSON `error`, or a status without one), false for a
 * request that got no answer (network down, aborted): only the former has words worth showing.
 */
export const isAnswerError = (error: unknown): error is ApiErrorLike & { status: number | undefined } =>
  typeof error === 'object' && error !== null && 'status' in error;

/** The HTTP status of an endpoint's error, if the server answered. */
export const statusOf = (error: unknown): number | undefined => (isAnswerError(error) ? error.status : undefined);

/** A file the data layer handed to the browser: the cache keeps its name, never its bytes. */
export interface DownloadedFile {
  filename: string;
}

/** The error of a file request, in the shapes the admin's own base query gives (see its baseQuery). */
const fileErrorOf = async (status: number, body: Blob): Promise<ApiErrorLike> => {
  try {
    const answer = JSON.parse(await body.text()) as { error?: ApiErrorLike };
    if (answer.error) return { ...answer.error, status };
  } catch {
    // not JSON: said as the fetch client says it
  }
  return { name: 'UnknownError', message: 'Server Error', status };
};

/**
 * GETs a file (a CSV made by the server) as bytes, for a mutation's `queryFn`: the admin's base
 * query reads JSON only, and a Blob is no value for the store. A refusal comes back as the
 * server's JSON error, read from the bytes.
 */
export const getFile = async (
  url: string,
  params?: object
): Promise<{ data: { blob: Blob; headers: Headers | undefined } } | { error: ApiErrorLike }> => {
  try {
    // every status but 401 is read here (a 401 goes through the client's token refresh)
    const { data, status, headers } = await getFetchClient().get(url, {
      params,
      responseType: 'blob',
      validateStatus: (code) => code !== 401,
    });
    if (status !== undefined && (status < 200 || status >= 300)) return { error: await fileErrorOf(status, data) };
    return { data: { blob: data, headers } };
  } catch (error) {
    if (isFetchError(error)) return { error: { name: 'UnknownError', message: error.message, status: error.status } };
    const { name, message } = error instanceof Error ? error : new Error('Unknown error');
    return { error: { name, message } };
  }
};
