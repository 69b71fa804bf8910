import { DateTimePicker, Field } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useTranslate } from '../../hooks/useTranslate';
import { ValueDialog } from './ValueDialog';

/**
 * Asks when the visit is, for a lead (or `count` leads) moved to "visit scheduled"; confirms with
 * the date and time chosen. The visit then becomes the lead's next step (reminded at its time).
 */
export const VisitDateDialog = ({
  open,
  count = 1,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  count?: number;
  onCancel: () => void;
  onConfirm: (visitAt: string) => void | Promise<void>;
}) => {
  const t = useTranslate('leads');
  const { locale } = useIntl();
  return (
    <ValueDialog<Date>
      open={open}
      title={t('visit.title', '{count, plural, one {When is the visit?} other {When is the visit of the # leads?}}', { count })}
      cancelLabel={t('visit.cancel', 'Cancel')}
      confirmLabel={t('visit.confirm', 'Schedule the visit')}
      onCancel={onCancel}
      onConfirm={(visitAt) => onConfirm(visitAt.toISOString())}
    >
      {(visitAt, setVisitAt) => (
        <Field.Root
          name="visitAt"
          required
          style={{ width: '100%' }}
          hint={t('visit.hint', 'The visit becomes the lead’s next step: its assignee is reminded at that time.')}
        >
          <Field.Label>{t('visit.when', 'Visit date and time')}</Field.Label>
          <DateTimePicker
            locale={locale}
            value={visitAt}
            onChange={(date) => setVisitAt(date ?? null)}
            dateLabel={t('visit.date', 'Date')}
            timeLabel={t('visit.time', 'Time')}
            step={15}
            minDate={new Date()}
          />
          <Field.Hint />
        </Field.Root>
      )}
    </ValueDialog>
  );
};
