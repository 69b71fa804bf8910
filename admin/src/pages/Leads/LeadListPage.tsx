import { Page } from '@strapi/strapi/admin';

// placeholder: being built
export const LeadListPage = () => <Page.Loading />;
