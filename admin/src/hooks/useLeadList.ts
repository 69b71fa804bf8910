import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { LeadList, LeadListQuery } from '../../../shared/contracts/leads';

interface LeadListState {
  data: LeadList | null;
  error: unknown;
  /** A first answer for these params is awaited (not a background refresh). */
  isLoading: boolean;
  /** When the rows shown were read. */
  updatedAt: Date | null;
}

export interface UseLeadList extends LeadListState {
  /** Asks again now, without the loading state (after a change made on the page). */
  refetch: () => Promise<void>;
}

/**
 * POST /grupozap/leads/search for `search` (the view: filters, search term, page, sort), asked
 * again every `pollMs` while the tab is visible and when it becomes visible again. A refresh keeps the rows on screen until the new
 * answer replaces them, so the table neither blinks nor loses its selection; an answer to older
 * params, or a failed refresh, is dropped.
 */
export const useLeadList = (search: LeadListQuery, { pollMs = 15_000 }: { pollMs?: number } = {}): UseLeadList => {
  const { post } = useFetchClient();
  const [state, setState] = React.useState<LeadListState>({ data: null, error: null, isLoading: true, updatedAt: null });
  const latest = React.useRef(0);
  const searchRef = React.useRef(search);
  searchRef.current = search;
  /** The view asked, as a value (a new object for the same view asks nothing). */
  const searchKey = JSON.stringify(search);

  const load = React.useCallback(
    async (background: boolean) => {
      const request = ++latest.current;
      try {
        const { data } = await post<LeadList>('/grupozap/leads/search', searchRef.current);
        if (request === latest.current) setState({ data, error: null, isLoading: false, updatedAt: new Date() });
      } catch (error) {
        if (request !== latest.current) return;
        if ((error as { name?: string })?.name === 'AbortError') return; // the page was left
        // a failed refresh keeps what is shown; a failed first load is shown
        setState((previous) => (background && previous.data ? previous : { ...previous, error, isLoading: false }));
      }
    },
    [post]
  );

  React.useEffect(() => {
    setState((previous) => ({ ...previous, isLoading: true }));
    void load(false);
  }, [searchKey, load]);

  React.useEffect(() => {
    if (!pollMs) return undefined;
    const refresh = () => {
      if (document.visibilityState === 'visible') void load(true);
    };
    const timer = window.setInterval(refresh, pollMs);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [load, pollMs]);

  const refetch = React.useCallback(() => load(true), [load]);

  return { ...state, refetch };
};
