import * as React from 'react';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { isAnswerError } from '../services/api';

/**
 * How the plugin's pages say that a request failed: in the server's words when it answered (as
 * the admin's own pages do), else in the page's (`fallback`), e.g. when the network is down.
 */
export const useApiError = () => {
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();

  const messageOf = React.useCallback(
    (error: unknown, fallback: string): string =>
      isAnswerError(error) && error.message ? formatAPIError(error as Parameters<typeof formatAPIError>[0]) : fallback,
    [formatAPIError]
  );

  const notifyError = React.useCallback(
    (error: unknown, fallback: string) => toggleNotification({ type: 'danger', message: messageOf(error, fallback) }),
    [messageOf, toggleNotification]
  );

  return { messageOf, notifyError };
};
