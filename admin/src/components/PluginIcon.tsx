import { House } from '@strapi/icons';

/** The menu icon: leads are about homes. */
export const PluginIcon = () => <House />;
