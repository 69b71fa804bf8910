import { Badge } from '@strapi/design-system';
import type { DeliveryOutcome } from '../../../../shared/contracts/deliveries';
import { useTranslate } from '../../hooks/useTranslate';
import { OUTCOME_LABELS, OUTCOME_VARIANTS } from './labels';

/** A delivery's outcome (created, duplicate, refused, failed) as a coloured badge. */
export const OutcomeBadge = ({ outcome, size }: { outcome: DeliveryOutcome; size?: 'S' | 'M' }) => {
  const t = useTranslate('deliveries');
  return (
    <Badge variant={OUTCOME_VARIANTS[outcome]} size={size}>
      {t(`outcome.${outcome}`, OUTCOME_LABELS[outcome])}
    </Badge>
  );
};
