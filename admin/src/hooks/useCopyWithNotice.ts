import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/**
 * Copies a text to the clipboard and says how it went: `done` (or "Copied to the clipboard"),
 * or, when the browser refuses, to select the text and copy it by hand.
 */
export const useCopyWithNotice = () => {
  const { formatMessage } = useIntl();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();

  return async (text: string, done?: string): Promise<void> => {
    const copied = await copy(text);
    toggleNotification({
      type: copied ? 'success' : 'warning',
      message: copied
        ? (done ?? formatMessage({ id: getTranslation('copy.done'), defaultMessage: 'Copied to the clipboard' }))
        : formatMessage({ id: getTranslation('copy.failed'), defaultMessage: 'Could not copy: select the text and copy it' }),
    });
  };
};
