import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { LeadList, LeadListItem } from '../../../shared/contracts/leads';
import { apiSearchOf, pageOf, pageSizeOf, type ListUrlQuery } from '../pages/Leads/listQuery';

export interface Neighbour {
  documentId: string;
  name: string | null;
  /** The inbox page it is on (for the back link and the next step). */
  page: number;
}

export interface LeadNeighbours {
  previous: Neighbour | null;
  next: Neighbour | null;
  /** 1-based place of the lead in the view, and the view's size; null when it is not in it. */
  position: number | null;
  total: number | null;
  /** False: the view holds more than `total` leads (the server stops counting past the page). */
  totalIsExact: boolean;
  /** The inbox page the lead is on (the page the back link returns to). */
  page: number | null;
  isLoading: boolean;
}

const NONE: LeadNeighbours = { previous: null, next: null, position: null, total: null, totalIsExact: true, page: null, isLoading: false };

const neighbourOf = (lead: LeadListItem | undefined, page: number): Neighbour | null =>
  lead ? { documentId: lead.documentId, name: lead.name, page } : null;

/**
 * The leads before and after `documentId` in the inbox view `query` (its filters, search, sort
 * and page), found the way the inbox lists them — the same API, the same order — so stepping
 * through a filtered, sorted view follows the table. The lead is looked for on the view's page,
 * then on the pages either side (new leads arriving move rows across a page). Read once per lead
 * and view: changing the lead's status (which may take it out of the view) keeps its neighbours.
 */
export const useLeadNeighbours = (documentId: string | undefined, query: ListUrlQuery): LeadNeighbours => {
  const { post } = useFetchClient();
  const [state, setState] = React.useState<LeadNeighbours>({ ...NONE, isLoading: true });
  const viewKey = JSON.stringify(apiSearchOf(query));
  const queryRef = React.useRef(query);
  queryRef.current = query;

  React.useEffect(() => {
    if (!documentId) return undefined;
    let active = true;
    const view = queryRef.current;
    const pages = new Map<number, LeadList>();
    const page = async (number: number): Promise<LeadList | null> => {
      if (number < 1) return null;
      if (!pages.has(number)) pages.set(number, (await post<LeadList>('/grupozap/leads/search', apiSearchOf(view, number))).data);
      return pages.get(number) ?? null;
    };

    const find = async (): Promise<LeadNeighbours> => {
      const start = pageOf(view);
      for (const number of [start, start + 1, start - 1]) {
        const list = await page(number);
        if (!list) continue;
        const index = list.results.findIndex((lead) => lead.documentId === documentId);
        if (index === -1) {
          if (number === start && list.pagination.pageCount < start) break; // the view is shorter now
          continue;
        }
        const { pageCount, total, totalIsExact } = list.pagination;
        let previous = neighbourOf(list.results[index - 1], number);
        if (!previous && number > 1) {
          const before = await page(number - 1);
          previous = neighbourOf(before?.results[before.results.length - 1], number - 1);
        }
        let next = neighbourOf(list.results[index + 1], number);
        if (!next && number < pageCount) {
          const after = await page(number + 1);
          next = neighbourOf(after?.results[0], number + 1);
        }
        const position = (number - 1) * pageSizeOf(view) + index + 1;
        return { previous, next, position, total, totalIsExact, page: number, isLoading: false };
      }
      return NONE;
    };

    setState((previous) => ({ ...previous, isLoading: true }));
    find()
      .then((found) => active && setState(found))
      .catch(() => active && setState(NONE));
    return () => {
      active = false;
    };
  }, [documentId, viewKey, post]);

  return state;
};
