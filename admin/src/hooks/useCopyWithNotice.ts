import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { useTranslate } from './useTranslate';

/**
 * Copies a text to the clipboard and says how it went: `done` (or "Copied to the clipboard"),
 * or, when the browser refuses, to select the text and copy it by hand.
 */
export const useCopyWithNotice = () => {
  const t = useTranslate('copy');
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();

  return async (text: string, done?: string): Promise<void> => {
    const copied = await copy(text);
    toggleNotification({
      type: copied ? 'success' : 'warning',
      message: copied
        ? (done ?? t('done', 'Copied to the clipboard'))
        : t('failed', 'Could not copy: select the text and copy it'),
    });
  };
};
