import { PLUGIN_ID } from './pluginId';

/** The admin panel's addresses of the plugin's pages, for links between them. */
export const INBOX_PATH = `/plugins/${PLUGIN_ID}`;
export const leadPath = (documentId: string) => `${INBOX_PATH}/leads/${documentId}`;
export const DELIVERIES_PATH = `${INBOX_PATH}/deliveries`;
/** The delivery log showing one reason code. */
export const deliveriesOfCode = (code: string) => `${DELIVERIES_PATH}?code=${encodeURIComponent(code)}`;
export const HOMOLOGATION_PATH = `${INBOX_PATH}/homologation`;
export const REPORTS_PATH = `${INBOX_PATH}/reports`;
export const PRIVACY_PATH = `${INBOX_PATH}/privacy`;
/** Settings → Grupo ZAP. */
export const SETTINGS_PATH = `/settings/${PLUGIN_ID}`;
