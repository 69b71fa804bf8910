import type { StrapiApp } from '@strapi/strapi/admin';
import { ListingMirrorPanel } from './ListingMirrorPanel';

/** The part of the Content Manager's plugin API used here (its `ContentManagerPlugin['config']['apis']`). */
interface ContentManagerApis {
  addEditViewSidePanel(panels: unknown[]): void;
}

/** The Listing's addition to the Content Manager: the property it mirrors, in its edit view. */
export const registerListingAdditions = (app: Pick<StrapiApp, 'getPlugin'>) => {
  const contentManager = app.getPlugin('content-manager');
  if (!contentManager) return;
  (contentManager.apis as unknown as ContentManagerApis).addEditViewSidePanel([ListingMirrorPanel]);
};
