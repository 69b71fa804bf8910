import * as React from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

type Values = Record<string, string | number | boolean | Date | null | undefined>;

/** `t('title', 'Leads')`: a text of the plugin in the user's language, its English default beside it. */
export type Translate = (id: string, defaultMessage: string, values?: Values) => string;

/**
 * The one way the plugin's components say their texts: `useTranslate('leads')` gives a `t` that
 * reads `grupozap.leads.<id>` from the plugin's translations (`grupozap.<id>` without a scope).
 */
export const useTranslate = (scope?: string): Translate => {
  const { formatMessage } = useIntl();
  return React.useCallback<Translate>(
    (id, defaultMessage, values) => formatMessage({ id: getTranslation(scope ? `${scope}.${id}` : id), defaultMessage }, values),
    [formatMessage, scope]
  );
};
