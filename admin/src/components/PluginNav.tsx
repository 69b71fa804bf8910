import { SubNav, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useMatch } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';
import { AwayToggle } from './AwayToggle';

const BASE = `/plugins/${PLUGIN_ID}`;

/** The plugin's side menu; each entry shows only for users who hold its action. */
export const PluginNav = () => {
  const { formatMessage } = useIntl();
  const { allowedActions: deliveries } = useRBAC(PERMISSIONS.deliveriesRead);
  const { allowedActions: homologation } = useRBAC(PERMISSIONS.homologationRun);
  const { allowedActions: reports } = useRBAC(PERMISSIONS.reportsRead);
  const { allowedActions: privacy } = useRBAC(PERMISSIONS.privacyRead);
  // a lead's page belongs to the inbox: keep "Leads" highlighted there
  const onLeadPage = useMatch(`${BASE}/leads/*`) !== null;

  const links = [
    { to: BASE, end: !onLeadPage, label: formatMessage({ id: getTranslation('nav.leads'), defaultMessage: 'Leads' }), show: true },
    {
      to: `${BASE}/deliveries`,
      end: false,
      label: formatMessage({ id: getTranslation('nav.deliveries'), defaultMessage: 'Deliveries' }),
      show: deliveries.canRead,
    },
    {
      to: `${BASE}/homologation`,
      end: false,
      label: formatMessage({ id: getTranslation('nav.homologation'), defaultMessage: 'Homologation' }),
      show: homologation.canRun,
    },
    {
      to: `${BASE}/reports`,
      end: false,
      label: formatMessage({ id: getTranslation('nav.reports'), defaultMessage: 'Reports' }),
      show: reports.canRead,
    },
    {
      to: `${BASE}/privacy`,
      end: false,
      label: formatMessage({ id: getTranslation('nav.privacy'), defaultMessage: 'Privacy (LGPD)' }),
      show: privacy.canRead,
    },
  ];

  return (
    <SubNav.Main aria-label={formatMessage({ id: getTranslation('plugin.name'), defaultMessage: 'Grupo ZAP' })}>
      <SubNav.Header label={formatMessage({ id: getTranslation('plugin.name'), defaultMessage: 'Grupo ZAP' })} />
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
