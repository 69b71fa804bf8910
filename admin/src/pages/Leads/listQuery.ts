import {
  FOLLOW_UP_FILTERS,
  LEAD_SORTABLE_FIELDS,
  LEAD_STATUSES,
  type LeadFilters,
  type LeadListQuery,
} from '../../../../shared/contracts/leads';

/**
 * The inbox's view lives in the URL, the way the Content Manager's list keeps it (and with the same
 * parameters its Table, Pagination and SearchInput helpers read and write), so a view can be
 * shared, reloaded or returned to:
 *
 *   /admin/plugins/grupozap?page=2&pageSize=25&sort=receivedAt:DESC&_q=carla&filters[status]=new
 *
 * `filters` holds the inbox API's own filters (one value each; `from`/`to` as YYYY-MM-DD days).
 * The address bar is the user's own; the requests to the server carry the view in their bodies
 * (POST /grupozap/leads/search, /leads/export), so that the search term, which names a person,
 * stays out of the server's request logs.
 */
export interface ListUrlQuery {
  page?: string;
  pageSize?: string;
  /** `field:ASC|DESC`, as the admin's Table header cells write it. */
  sort?: string;
  _q?: string;
  filters?: Partial<Record<FilterKey, string>>;
}

export const FILTER_KEYS = [
  'status',
  'assignee',
  'advertiser',
  'origin',
  'temperature',
  'transactionType',
  'listingMatched',
  'overdue',
  'followUp',
  'perPerson',
  'from',
  'to',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const DEFAULT_SORT = 'receivedAt:DESC';
export const DEFAULT_PAGE_SIZE = 25;
export const PAGE_SIZES = ['10', '25', '50', '100'];

/** What useQueryParams starts from when the URL has no query (a stable object). */
export const INITIAL_QUERY: ListUrlQuery = { page: '1', pageSize: String(DEFAULT_PAGE_SIZE), sort: DEFAULT_SORT };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a YYYY-MM-DD day starts (or, `end`, ends) in this browser's time zone. */
const dayBoundary = (day: string, end: boolean): string | null => {
  const match = DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = match.slice(1).map(Number);
  const instant = end ? new Date(year, month - 1, date + 1).getTime() - 1 : new Date(year, month - 1, date).getTime();
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
};

/** The filters of the URL that the API takes, values checked (an unknown one is left out). */
export const filtersOf = (query: ListUrlQuery): Partial<Record<FilterKey, string>> => {
  const raw = query.filters && typeof query.filters === 'object' ? query.filters : {};
  const filters: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) {
    const value = raw[key];
    if (typeof value !== 'string' || value === '') continue;
    if (key === 'status' && !(LEAD_STATUSES as readonly string[]).includes(value)) continue;
    if ((key === 'listingMatched' || key === 'overdue' || key === 'perPerson') && value !== 'true' && value !== 'false') continue;
    if (key === 'assignee' && !/^(\d+|me|none)$/.test(value)) continue;
    if (key === 'followUp' && !(FOLLOW_UP_FILTERS as readonly string[]).includes(value)) continue;
    if ((key === 'from' || key === 'to') && !DAY.test(value)) continue;
    filters[key] = value;
  }
  return filters;
};

/** The sort the API takes (`field:asc|desc`) for the URL's `field:ASC|DESC`. */
export const apiSortOf = (sort: unknown): string => {
  const [field, order] = (typeof sort === 'string' ? sort : DEFAULT_SORT).split(':');
  if (!(LEAD_SORTABLE_FIELDS as readonly string[]).includes(field) || !/^(asc|desc)$/i.test(order ?? ''))
    return 'receivedAt:desc';
  return `${field}:${order.toLowerCase()}`;
};

const positive = (value: unknown, fallback: number, max = Infinity) => {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 ? Math.min(number, max) : fallback;
};

export const pageOf = (query: ListUrlQuery) => positive(query.page, 1);
export const pageSizeOf = (query: ListUrlQuery) => positive(query.pageSize, DEFAULT_PAGE_SIZE, 100);

/** The API's filters and search (the body of the CSV export) of the URL's view. */
export const apiFiltersOf = (query: ListUrlQuery): LeadFilters => {
  const body: Record<string, string> = {};
  const filters = filtersOf(query);
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined) continue;
    if (key === 'from' || key === 'to') {
      const instant = dayBoundary(value, key === 'to');
      if (instant) body[key] = instant;
    } else {
      body[key] = value;
    }
  }
  const q = typeof query._q === 'string' ? query._q.trim() : '';
  if (q) body.q = q.slice(0, 200);
  return body as LeadFilters;
};

/** POST /grupozap/leads/search's body for the URL's view (`page` to ask another page of it). */
export const apiSearchOf = (query: ListUrlQuery, page = pageOf(query)): LeadListQuery => ({
  ...apiFiltersOf(query),
  page,
  pageSize: pageSizeOf(query),
  sort: apiSortOf(query.sort) as LeadListQuery['sort'],
});

/** True when the view narrows the leads (a filter or a search). */
export const isFiltered = (query: ListUrlQuery): boolean =>
  Object.keys(filtersOf(query)).length > 0 || (typeof query._q === 'string' && query._q.trim() !== '');

/**
 * The URL query string of a view (without `?`), values encoded and brackets kept as the admin's
 * useQueryParams writes them, for links between the inbox and its leads.
 */
export const searchOf = (query: ListUrlQuery): string => {
  const parts: string[] = [];
  const add = (key: string, value: unknown) => {
    if ((typeof value === 'string' && value !== '') || typeof value === 'number')
      parts.push(`${key}=${encodeURIComponent(value)}`);
  };
  add('page', query.page);
  add('pageSize', query.pageSize);
  add('sort', query.sort);
  add('_q', query._q);
  const filters = filtersOf(query);
  for (const key of FILTER_KEYS) add(`filters[${key}]`, filters[key]);
  return parts.join('&');
};
