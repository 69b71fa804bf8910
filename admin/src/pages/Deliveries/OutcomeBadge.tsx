import { Badge } from '@strapi/design-system';
import type { DeliveryOutcome } from '../../../../shared/contracts/deliveries';
import { OUTCOME_LABELS, OUTCOME_VARIANTS, useDeliveriesTranslation } from './labels';

/** A delivery's outcome (created, duplicate, refused, failed) as a coloured badge. */
export const OutcomeBadge = ({ outcome, size }: { outcome: DeliveryOutcome; size?: 'S' | 'M' }) => {
  const t = useDeliveriesTranslation();
  return (
    <Badge variant={OUTCOME_VARIANTS[outcome]} size={size}>
      {t(`outcome.${outcome}`, OUTCOME_LABELS[outcome])}
    </Badge>
  );
};
