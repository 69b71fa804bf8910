import { PLUGIN_ID } from '../pluginId';

/** The full message id of one of the plugin's translation keys. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
