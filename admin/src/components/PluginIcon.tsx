import { PinMap } from '@strapi/icons';

/** The menu icon: leads about places (the admin's home already has the house). */
export const PluginIcon = () => <PinMap />;
