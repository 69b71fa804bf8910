import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';

const STORE_KEY = 'search-index';

/**
 * Whether an index kept by triggers holds every lead: set once a build has gone through all of
 * them, cleared before one starts (and whenever a trigger had to be made again, since writes may
 * have passed it by). Kept in the plugin's store, so every instance reads the same.
 */
export interface IndexFlag {
  isComplete(kind: string): Promise<boolean>;
  set(kind: string, complete: boolean): Promise<void>;
}

export const indexFlag = (strapi: Core.Strapi): IndexFlag => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  return {
    async isComplete(kind) {
      const value = (await store().get({ key: STORE_KEY })) as { kind?: string; complete?: boolean } | null;
      return value?.kind === kind && value.complete === true;
    },
    async set(kind, complete) {
      await store().set({ key: STORE_KEY, value: { kind, complete } });
    },
  };
};
