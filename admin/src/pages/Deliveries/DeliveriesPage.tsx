import { Page } from '@strapi/strapi/admin';

// placeholder: being built
export const DeliveriesPage = () => <Page.Loading />;
