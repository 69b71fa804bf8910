import { PLUGIN_ID } from '../pluginId';

/**
 * The full message id of one of the plugin's translation keys, where no hook can be used (the
 * menu and settings links); components use `useTranslate`.
 */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
