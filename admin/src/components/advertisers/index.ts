import type { StrapiApp } from '@strapi/strapi/admin';
import { ExportForGrupoZapButton } from './ExportForGrupoZapButton';
import { FeedHealthPanel } from './FeedHealthPanel';
import { IntegrationUrlPanel } from './IntegrationUrlPanel';

/** The part of the Content Manager's plugin API used here (its `ContentManagerPlugin['config']['apis']`). */
interface ContentManagerApis {
  addEditViewSidePanel(panels: unknown[]): void;
}

/**
 * The advertiser's additions to the Content Manager: its integration URL and listing feed in the edit view, and
 * "Export for Grupo ZAP" in the list view. Both show for the advertiser model only.
 */
export const registerAdvertiserAdditions = (app: Pick<StrapiApp, 'getPlugin'>) => {
  const contentManager = app.getPlugin('content-manager');
  if (!contentManager) return;
  (contentManager.apis as unknown as ContentManagerApis).addEditViewSidePanel([IntegrationUrlPanel, FeedHealthPanel]);
  contentManager.injectComponent('listView', 'actions', {
    name: 'grupozap-export-advertisers',
    Component: ExportForGrupoZapButton,
  });
};
