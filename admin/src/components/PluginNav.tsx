import { SubNav, useRBAC } from '@strapi/strapi/admin';
import { useMatch } from 'react-router-dom';
import { useTranslate } from '../hooks/useTranslate';
import { DELIVERIES_PATH, HOMOLOGATION_PATH, INBOX_PATH, PRIVACY_PATH, REPORTS_PATH } from '../paths';
import { PERMISSIONS } from '../permissions';
import { AwayToggle } from './AwayToggle';

/** The plugin's side menu; each entry shows only for users who hold its action. */
export const PluginNav = () => {
  const t = useTranslate();
  const { allowedActions: deliveries } = useRBAC(PERMISSIONS.deliveriesRead);
  const { allowedActions: homologation } = useRBAC(PERMISSIONS.homologationRun);
  const { allowedActions: reports } = useRBAC(PERMISSIONS.reportsRead);
  const { allowedActions: privacy } = useRBAC(PERMISSIONS.privacyRead);
  // a lead's page belongs to the inbox: keep "Leads" highlighted there
  const onLeadPage = useMatch(`${INBOX_PATH}/leads/*`) !== null;

  const links = [
    { to: INBOX_PATH, end: !onLeadPage, label: t('nav.leads', 'Leads'), show: true },
    { to: DELIVERIES_PATH, end: false, label: t('nav.deliveries', 'Deliveries'), show: deliveries.canRead },
    { to: HOMOLOGATION_PATH, end: false, label: t('nav.homologation', 'Homologation'), show: homologation.canRun },
    { to: REPORTS_PATH, end: false, label: t('nav.reports', 'Reports'), show: reports.canRead },
    { to: PRIVACY_PATH, end: false, label: t('nav.privacy', 'Privacy (LGPD)'), show: privacy.canRead },
  ];

  return (
    <SubNav.Main aria-label={t('plugin.name', 'Grupo ZAP')}>
      <SubNav.Header label={t('plugin.name', 'Grupo ZAP')} />
      <SubNav.Content>
        {links
          .filter((link) => link.show)
          .map((link) => (
            <SubNav.Link key={link.to} to={link.to} end={link.end} label={link.label} />
          ))}
      </SubNav.Content>
      <AwayToggle />
    </SubNav.Main>
  );
};
