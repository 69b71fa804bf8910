import { Box, Field, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useTranslate } from '../../hooks/useTranslate';
import { ValueDialog } from './ValueDialog';

/**
 * Asks why a lead (or `count` leads) was lost, from the reasons the manager keeps (Settings →
 * Grupo ZAP); confirms with the reason chosen. Open while `open`; closing it cancels.
 */
export const LostReasonDialog = ({
  open,
  reasons,
  count = 1,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  reasons: string[];
  count?: number;
  onCancel: () => void;
  onConfirm: (reason: string) => void | Promise<void>;
}) => {
  const t = useTranslate('leads');
  return (
    <ValueDialog<string>
      open={open}
      title={t('lost.title', 'Why {count, plural, one {was the lead} other {were the # leads}} lost?', { count })}
      cancelLabel={t('lost.cancel', 'Cancel')}
      confirmLabel={t('lost.confirm', 'Mark as lost')}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      {(reason, setReason) => (
        <Field.Root name="lostReason" required style={{ width: '100%' }}>
          <Field.Label>{t('lost.reason', 'Reason')}</Field.Label>
          <SingleSelect
            placeholder={t('lost.placeholder', 'Choose a reason')}
            value={reason ?? undefined}
            onChange={(value) => setReason(String(value))}
          >
            {reasons.map((option) => (
              <SingleSelectOption key={option} value={option}>
                {option}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <Box paddingTop={2}>
            <Typography variant="pi" textColor="neutral600">
              {t('lost.hint', 'The reports count the losses by reason. The manager keeps the list in Settings → Grupo ZAP.')}
            </Typography>
          </Box>
        </Field.Root>
      )}
    </ValueDialog>
  );
};
