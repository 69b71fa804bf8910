import * as React from 'react';
import { Alert, Box, Flex, Link } from '@strapi/design-system';
import { useFetchClient, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';

/** One entry of GET /grupozap/alerts: a refusal code repeated within the window. */
interface DeliveryAlert {
  code: string;
  httpStatus: number;
  count: number;
  windowMinutes: number;
  lastSeenAt: string;
}

const POLL_MS = 60_000;

/**
 * Repeated refusals (many 401s, any 404) as a banner over the plugin's pages, for users who may
 * read the delivery log: the portal may be about to drop the integration.
 */
export const DeliveryAlerts = () => {
  const { formatMessage, formatTime } = useIntl();
  const { get } = useFetchClient();
  const {
    isLoading,
    allowedActions: { canRead },
  } = useRBAC(PERMISSIONS.deliveriesRead);
  const [alerts, setAlerts] = React.useState<DeliveryAlert[]>([]);
  const [dismissed, setDismissed] = React.useState<string[]>([]);

  React.useEffect(() => {
    if (isLoading || !canRead) return undefined;
    let active = true;
    const load = () =>
      get<{ data: DeliveryAlert[] }>('/grupozap/alerts')
        .then(({ data }) => active && setAlerts(data.data))
        .catch(() => undefined);
    void load();
    const timer = window.setInterval(load, POLL_MS);
    return () => {
      active = false;
      window.clearInterval(timer);
    };
  }, [get, isLoading, canRead]);

  const shown = alerts.filter((alert) => !dismissed.includes(`${alert.code}@${alert.lastSeenAt}`));
  if (!shown.length) return null;

  return (
    <Box paddingLeft={10} paddingRight={10} paddingTop={4}>
      <Flex direction="column" alignItems="stretch" gap={2}>
        {shown.map((alert) => (
          <Alert
            key={alert.code}
            variant="danger"
            title={formatMessage(
              { id: getTranslation('alerts.title'), defaultMessage: '{count} × {status} {code}' },
              { count: alert.count, status: alert.httpStatus, code: alert.code }
            )}
            closeLabel={formatMessage({ id: getTranslation('alerts.dismiss'), defaultMessage: 'Dismiss' })}
            onClose={() => setDismissed([...dismissed, `${alert.code}@${alert.lastSeenAt}`])}
            action={
              <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/deliveries?code=${encodeURIComponent(alert.code)}`}>
                {formatMessage({ id: getTranslation('alerts.open'), defaultMessage: 'See these deliveries' })}
              </Link>
            }
          >
            {formatMessage(
              {
                id: getTranslation('alerts.body'),
                defaultMessage: 'Refused deliveries in the last {minutes} minutes, the latest at {time}.',
              },
              { minutes: alert.windowMinutes, time: formatTime(alert.lastSeenAt) }
            )}
          </Alert>
        ))}
      </Flex>
    </Box>
  );
};
