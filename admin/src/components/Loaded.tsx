import type * as React from 'react';
import { Page } from '@strapi/strapi/admin';

/** The part of a query's state a page waits on (what RTK Query's hooks give). */
interface QueryState {
  data?: unknown;
  isError: boolean;
}

type DataOf<Queries extends Record<string, QueryState>> = { [Name in keyof Queries]: NonNullable<Queries[Name]['data']> };

/**
 * A page's first load, the same on every page: Strapi's loading page until each query has an
 * answer, its error page when one failed with nothing to show, then `children` with the data.
 * A later failure keeps what is shown (the page says it its own way, e.g. in a notification).
 */
export const Loaded = <Queries extends Record<string, QueryState>>({
  queries,
  children,
}: {
  queries: Queries;
  children: (data: DataOf<Queries>) => React.ReactNode;
}) => {
  const states = Object.values(queries);
  if (states.some((query) => query.data === undefined && query.isError)) return <Page.Error />;
  if (states.some((query) => query.data === undefined)) return <Page.Loading />;
  const data = Object.fromEntries(Object.entries(queries).map(([name, query]) => [name, query.data]));
  return <>{children(data as DataOf<Queries>)}</>;
};
