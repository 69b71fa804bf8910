import { Box, Field, Flex, Switch, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useTranslate } from '../hooks/useTranslate';
import { useMyAvailabilityQuery, useUpdateMyAvailabilityMutation } from '../services/leads';

/**
 * The agent's own "away" switch: while it is on, distribution passes them over and new leads go
 * to the advertiser's other agents. Not shown when the availability cannot be read.
 */
export const AwayToggle = () => {
  const t = useTranslate('away');
  const { toggleNotification } = useNotification();
  const { data: availability } = useMyAvailabilityQuery(undefined, { refetchOnMountOrArgChange: true });
  const [updateAvailability, { isLoading: saving }] = useUpdateMyAvailabilityMutation();

  if (!availability) return null;

  const change = async (away: boolean) => {
    const answer = await updateAvailability({ away, awayUntil: null });
    toggleNotification(
      'error' in answer
        ? { type: 'danger', message: t('failed', 'Your availability could not be changed.') }
        : {
            type: 'success',
            message: away
              ? t('on', 'You are away: new leads go to the other agents.')
              : t('off', 'Welcome back: you take new leads again.'),
          }
    );
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
