import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { PluginIcon } from './components/PluginIcon';
import { registerAdvertiserAdditions } from './components/advertisers';
import { registerListingAdditions } from './components/listings';
import { prefixPluginTranslations } from './utils/prefixPluginTranslations';
import { getTranslation } from './utils/getTranslation';
import type { StrapiApp } from '@strapi/strapi/admin';

type TranslationModule = { default: Record<string, string> };

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Grupo ZAP' },
      // the link shows for anyone who may read leads; the pages inside check their own action
      permissions: PERMISSIONS.leadsRead,
      Component: () => import('./pages/App'),
    });

    app.createSettingSection({ id: PLUGIN_ID, intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Grupo ZAP' } }, [
      {
        id: 'settings',
        to: PLUGIN_ID,
        intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Portal connection' },
        permissions: PERMISSIONS.settingsRead,
        Component: () => import('./pages/Settings'),
      },
    ]);

    app.registerPlugin({ id: PLUGIN_ID, name: 'Grupo ZAP' });
  },

  bootstrap(app: StrapiApp) {
    // the advertiser's integration URL in its edit view, and "Export for Grupo ZAP" in its list view
    registerAdvertiserAdditions(app);
    // a mirrored Listing's property in its edit view
    registerListingAdditions(app);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as TranslationModule;
          return { data: prefixPluginTranslations(data, PLUGIN_ID), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
