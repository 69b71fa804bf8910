import * as React from 'react';

/**
 * Calls `refresh` every `ms` while this browser tab is shown, and as soon as it is shown again: a
 * tab left in the background asks nothing. (RTK Query's own polling runs whether the tab is shown
 * or not, and its refetch-on-focus needs listeners the admin does not set up.)
 */
export const useVisibleRefresh = (refresh: () => unknown, ms: number) => {
  React.useEffect(() => {
    if (!ms) return undefined;
    const tick = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = window.setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [refresh, ms]);
};
