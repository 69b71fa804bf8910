import * as React from 'react';
import { Alert, Box, Flex, Link } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { useTranslate } from '../hooks/useTranslate';
import { deliveriesOfCode } from '../paths';
import { PERMISSIONS } from '../permissions';
import { useDeliveryAlertsQuery } from '../services/deliveries';

const POLL_MS = 60_000;

/**
 * Repeated refusals (many 401s, any 404) as a banner over the plugin's pages, for users who may
 * read the delivery log: the portal may be about to drop the integration. Asked every minute; a
 * failed request keeps the banners shown.
 */
export const DeliveryAlerts = () => {
  const t = useTranslate('alerts');
  const { formatTime } = useIntl();
  const {
    isLoading,
    allowedActions: { canRead },
  } = useRBAC(PERMISSIONS.deliveriesRead);
  const { data: alerts = [] } = useDeliveryAlertsQuery(undefined, {
    skip: isLoading || !canRead,
    pollingInterval: POLL_MS,
    refetchOnMountOrArgChange: true,
  });
  const [dismissed, setDismissed] = React.useState<string[]>([]);

  const shown = alerts.filter((alert) => !dismissed.includes(`${alert.code}@${alert.lastSeenAt}`));
  if (!shown.length) return null;

  return (
    <Box paddingLeft={10} paddingRight={10} paddingTop={4}>
      <Flex direction="column" alignItems="stretch" gap={2}>
        {shown.map((alert) => (
          <Alert
            key={alert.code}
            variant="danger"
            title={t('title', '{count} × {status} {code}', { count: alert.count, status: alert.httpStatus, code: alert.code })}
            closeLabel={t('dismiss', 'Dismiss')}
            onClose={() => setDismissed([...dismissed, `${alert.code}@${alert.lastSeenAt}`])}
            action={
              <Link tag={NavLink} to={deliveriesOfCode(alert.code)}>
                {t('open', 'See these deliveries')}
              </Link>
            }
          >
            {t('body', 'Refused deliveries in the last {minutes} minutes, the latest at {time}.', {
              minutes: alert.windowMinutes,
              time: formatTime(alert.lastSeenAt),
            })}
          </Alert>
        ))}
      </Flex>
    </Box>
  );
};
