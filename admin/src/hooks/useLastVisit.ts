import * as React from 'react';

const storageKey = (userId: string | number) => `grupozap:inbox:last-visit:${userId}`;

const read = (key: string): number | null => {
  try {
    const stored = Number(window.localStorage.getItem(key));
    return Number.isFinite(stored) && stored > 0 ? stored : null;
  } catch {
    return null; // storage disabled
  }
};

const write = (key: string, time: number) => {
  try {
    window.localStorage.setItem(key, String(time));
  } catch {
    // storage disabled or full: the marks only come back on the next visit
  }
};

/**
 * When this admin user last left the inbox (ms since the epoch), or null on their first visit;
 * kept per user in this browser's localStorage. The value read when the inbox opens holds for the
 * whole visit, so leads received since then stay marked while the user looks (polled ones too);
 * leaving the page (another route, closing or reloading the tab) stores the time of leaving.
 */
export const useLastVisit = (userId: string | number | undefined): number | null => {
  const key = userId === undefined ? null : storageKey(userId);
  const [since, setSince] = React.useState<number | null>(() => (key ? read(key) : null));
  const [sinceKey, setSinceKey] = React.useState(key);
  if (key !== sinceKey) {
    // the user became known after the first render
    setSinceKey(key);
    setSince(key ? read(key) : null);
  }

  React.useEffect(() => {
    if (!key) return undefined;
    const leave = () => write(key, Date.now());
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [key]);

  return since;
};
