import { Layouts, Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { DeliveryAlerts } from '../components/DeliveryAlerts';
import { PluginNav } from '../components/PluginNav';
import { UserPermissionsLoaded } from '../components/UserPermissionsLoaded';
import { LeadListPage } from './Leads/LeadListPage';
import { LeadPage } from './Leads/LeadPage';
import { DeliveriesPage } from './Deliveries/DeliveriesPage';
import { HomologationPage } from './Homologation/HomologationPage';
import { PrivacyPage } from './Privacy/PrivacyPage';
import { ReportsPage } from './Reports/ReportsPage';

/** The plugin's main-menu area: the inbox, one lead, the delivery log, homologation, reports and privacy. */
const App = () => (
  <UserPermissionsLoaded>
    <Layouts.Root sideNav={<PluginNav />}>
      <DeliveryAlerts />
      <Routes>
        <Route index element={<LeadListPage />} />
        <Route path="leads/:documentId" element={<LeadPage />} />
        <Route path="deliveries" element={<DeliveriesPage />} />
        <Route path="homologation" element={<HomologationPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="privacy" element={<PrivacyPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Layouts.Root>
  </UserPermissionsLoaded>
);

export default App;
