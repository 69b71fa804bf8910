import * as React from 'react';
import { Box, Field, Flex, Switch, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/** GET/PUT /grupozap/agents/me */
interface Availability {
  away: boolean;
  awayUntil: string | null;
  awayNow: boolean;
}

/**
 * The agent's own "away" switch: while it is on, distribution passes them over and new leads go
 * to the advertiser's other agents.
 */
export const AwayToggle = () => {
  const { formatMessage } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [availability, setAvailability] = React.useState<Availability | null>(null);
  const [saving, setSaving] = React.useState(false);

  React.useEffect(() => {
    get<{ data: Availability }>('/grupozap/agents/me')
      .then(({ data }) => setAvailability(data.data))
      .catch(() => setAvailability(null));
  }, [get]);

  if (!availability) return null;

  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(`away.${id}`), defaultMessage });

  const change = async (away: boolean) => {
    setSaving(true);
    try {
      const { data } = await put<{ data: Availability }>('/grupozap/agents/me', { away, awayUntil: null });
      setAvailability(data.data);
      toggleNotification({
        type: 'success',
        message: away ? t('on', 'You are away: new leads go to the other agents.') : t('off', 'Welcome back: you take new leads again.'),
      });
    } catch {
      toggleNotification({ type: 'danger', message: t('failed', 'Your availability could not be changed.') });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box paddingLeft={5} paddingRight={5} paddingTop={4} paddingBottom={4}>
      <Field.Root name="away" hint={t('hint', 'Distribution skips you while you are away.')}>
        <Flex justifyContent="space-between" gap={2}>
          <Field.Label>
            <Typography variant="omega">{t('label', 'I am away')}</Typography>
          </Field.Label>
          <Switch
            checked={availability.awayNow}
            disabled={saving}
            onCheckedChange={(checked: boolean) => void change(checked)}
            aria-label={t('label', 'I am away')}
          />
        </Flex>
        <Field.Hint />
      </Field.Root>
    </Box>
  );
};
