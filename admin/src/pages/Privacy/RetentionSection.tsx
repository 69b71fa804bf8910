import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { RetentionPreview } from '../../../../shared/contracts/privacy';
import { Section } from '../../components/Section';
import { useTranslate } from '../../hooks/useTranslate';

/** What the retention setting does now: off, or how many rows tonight's run would anonymise. */
export const RetentionSection = ({ retention }: { retention: RetentionPreview }) => {
  const t = useTranslate('privacy');
  const { formatDate } = useIntl();
  return (
    <Section title={t('retention.title', 'Retention')}>
      <Typography textColor="neutral800" data-testid="retention-line">
        {retention.retentionDays === null
          ? t(
              'retention.off',
              'Retention is off: leads are kept until someone erases them. Set retentionDays in the plugin config to anonymise, every night, the leads older than that many days.'
            )
          : t(
              'retention.on',
              'Leads are kept {days} days. Every night at 03:30 the leads received before {cutoff} are anonymised, with their notes and deliveries: {leads, plural, =0 {no lead} one {# lead} other {# leads}} and {deliveries, plural, =0 {no delivery} one {# delivery} other {# deliveries}} would be now.',
              {
                days: retention.retentionDays,
                cutoff: retention.cutoff ? formatDate(retention.cutoff, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
                leads: retention.leadsAffected,
                deliveries: retention.deliveriesAffected,
              }
            )}
      </Typography>
    </Section>
  );
};
