import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { InboxOptions } from '../../../shared/contracts/leads';

const EMPTY: InboxOptions = { assignees: [], advertisers: [], origins: [], temperatures: [], transactionTypes: [] };

/**
 * The inbox's filter choices and the admin users a lead can be assigned to
 * (GET /grupozap/inbox/options), read once per page. Empty lists until they arrive, or if the
 * request fails: the filters and menus then offer what the leads themselves show.
 */
export const useInboxOptions = (): { options: InboxOptions; isLoading: boolean } => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ options: InboxOptions; isLoading: boolean }>({ options: EMPTY, isLoading: true });

  React.useEffect(() => {
    let active = true;
    get<{ data: InboxOptions }>('/grupozap/inbox/options')
      .then(({ data }) => active && setState({ options: data.data, isLoading: false }))
      .catch(() => active && setState({ options: EMPTY, isLoading: false }));
    return () => {
      active = false;
    };
  }, [get]);

  return state;
};
