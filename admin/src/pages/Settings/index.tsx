import { Page } from '@strapi/strapi/admin';

// placeholder: being built
const SettingsPage = () => <Page.Loading />;

export default SettingsPage;
