import * as React from 'react';

/** The inbox's columns an agent may add, beyond the five always shown (person, status, assignee, listing, received). */
export const OPTIONAL_COLUMNS = ['followUpAt', 'advertiser', 'leadOrigin', 'leadType', 'temperature', 'transactionType'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

const storageKey = (userId: string | number) => `grupozap:inbox:columns:${userId}`;

const read = (key: string | null): OptionalColumn[] => {
  if (!key) return [];
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]');
    return Array.isArray(stored) ? OPTIONAL_COLUMNS.filter((column) => stored.includes(column)) : [];
  } catch {
    return []; // storage disabled, or not ours
  }
};

const write = (key: string, columns: OptionalColumn[]) => {
  try {
    window.localStorage.setItem(key, JSON.stringify(columns));
  } catch {
    // storage disabled or full: the choice holds until the page is left
  }
};

export interface InboxColumns {
  /** The optional columns shown, in their table order. */
  shown: OptionalColumn[];
  toggle: (column: OptionalColumn) => void;
  /** Back to the five columns only. */
  reset: () => void;
}

/**
 * The optional columns this admin user chose for the inbox, kept per user in this browser's
 * localStorage (as useLastVisit keeps their last visit, and Strapi's Content Manager its
 * displayed fields): another user of the same browser has their own choice. None by default, so
 * the five columns an agent works with fit a laptop's screen.
 */
export const useInboxColumns = (userId: string | number | undefined): InboxColumns => {
  const key = userId === undefined ? null : storageKey(userId);
  const [shown, setShown] = React.useState<OptionalColumn[]>(() => read(key));
  const [shownKey, setShownKey] = React.useState(key);
  if (key !== shownKey) {
    // the user became known after the first render
    setShownKey(key);
    setShown(read(key));
  }

  const change = React.useCallback(
    (next: OptionalColumn[]) => {
      setShown(next);
      if (key) write(key, next);
    },
    [key]
  );

  return {
    shown,
    toggle: (column) =>
      change(OPTIONAL_COLUMNS.filter((name) => (name === column ? !shown.includes(name) : shown.includes(name)))),
    reset: () => change([]),
  };
};
