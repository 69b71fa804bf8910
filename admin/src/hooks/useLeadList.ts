import * as React from 'react';
import type { LeadList, LeadListQuery } from '../../../shared/contracts/leads';
import { useSearchLeadsQuery } from '../services/leads';
import { useVisibleRefresh } from './useVisibleRefresh';

export interface UseLeadList {
  data: LeadList | undefined;
  /** Why the view asked has nothing to show (a failed refresh of rows on screen is no error here). */
  error: unknown;
  /** A first answer for this view is awaited (not a background refresh). */
  isLoading: boolean;
  /** When the rows shown were read. */
  updatedAt: Date | null;
  /** Asks again now, without the loading state. */
  refetch: () => void;
}

/**
 * The inbox view `search` (filters, search term, page, sort), asked again every `pollMs` while the
 * tab is visible and when it becomes visible again. A refresh keeps the rows on screen until the
 * new answer replaces them, so the table neither blinks nor loses its selection.
 */
export const useLeadList = (search: LeadListQuery, { pollMs = 15_000 }: { pollMs?: number } = {}): UseLeadList => {
  const list = useSearchLeadsQuery(search, { refetchOnMountOrArgChange: true });
  useVisibleRefresh(list.refetch, pollMs);

  // the time of the last answer, kept while another view is asked
  const [updatedAt, setUpdatedAt] = React.useState(list.fulfilledTimeStamp);
  if (list.fulfilledTimeStamp !== undefined && list.fulfilledTimeStamp !== updatedAt) setUpdatedAt(list.fulfilledTimeStamp);

  return {
    data: list.data,
    error: list.currentData ? undefined : list.error,
    isLoading: list.isFetching && !list.currentData,
    updatedAt: updatedAt === undefined ? null : new Date(updatedAt),
    refetch: list.refetch,
  };
};
