import { Page } from '@strapi/strapi/admin';

// placeholder: being built
export const LeadPage = () => <Page.Loading />;
