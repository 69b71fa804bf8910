import * as React from 'react';
import { Button, DateTimePicker, Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Calendar } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { FOLLOW_UP_KINDS, type FollowUpKind, type LeadDetail } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { useUpdateLeadMutation, useVisitCalendarMutation } from '../../services/leads';
import { Detail } from './Detail';
import { useFollowUpKindLabels } from './labels';

/**
 * The lead's next step: when (date and time) and what (call, visit, proposal, other), saved
 * together; its assignee is e-mailed at that time, once. The visit's date, with its calendar file.
 */
export const LeadNextStepPanel = ({ lead, canUpdate }: { lead: LeadDetail; canUpdate: boolean }) => {
  const t = useTranslate('leads');
  const { formatDate, locale } = useIntl();
  const { toggleNotification } = useNotification();
  const { notifyError } = useApiError();
  const kindLabel = useFollowUpKindLabels();
  const [update, { isLoading: saving }] = useUpdateLeadMutation();
  const [downloadVisit, { isLoading: downloading }] = useVisitCalendarMutation();
  const [at, setAt] = React.useState<Date | null>(lead.followUpAt ? new Date(lead.followUpAt) : null);
  const [kind, setKind] = React.useState<FollowUpKind>(lead.followUpKind ?? 'call');
  React.useEffect(() => {
    setAt(lead.followUpAt ? new Date(lead.followUpAt) : null);
    setKind(lead.followUpKind ?? 'call');
  }, [lead.followUpAt, lead.followUpKind]);

  const closed = lead.status === 'won' || lead.status === 'lost';
  const unchanged = (at?.toISOString() ?? null) === (lead.followUpAt ?? null) && (!at || kind === lead.followUpKind);

  const save = async (followUpAt: Date | null) => {
    const answer = await update({
      documentId: lead.documentId,
      changes: followUpAt ? { followUpAt: followUpAt.toISOString(), followUpKind: kind } : { followUpAt: null },
    });
    if ('error' in answer) notifyError(answer.error, t('lead.saveFailed', 'The lead could not be saved.'));
    else
      toggleNotification({
        type: 'success',
        message: followUpAt ? t('followUp.saved', 'Next step saved') : t('followUp.cleared', 'Next step cleared'),
      });
  };

  const visitCalendar = async () => {
    const answer = await downloadVisit(lead.documentId);
    if ('error' in answer) notifyError(answer.error, t('visit.downloadFailed', 'The calendar file could not be made.'));
  };

  return (
    <Section title={t('followUp.title', 'Next step')}>
      {lead.followUpAt && (
        <Flex direction="column" alignItems="stretch" tag="dl" style={{ margin: 0 }}>
          <Detail label={t('followUp.current', 'Planned')}>
            {[
              t('followUp.value', '{kind}, {date}', {
                kind: kindLabel(lead.followUpKind ?? 'other'),
                date: formatDate(lead.followUpAt, { dateStyle: 'full', timeStyle: 'short' }),
              }),
              lead.followUpRemindedAt ? t('followUp.reminded', 'reminder sent') : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Detail>
        </Flex>
      )}
      {canUpdate && !closed && (
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Field.Root name="followUpAt">
            <Field.Label>{t('followUp.when', 'When')}</Field.Label>
            <DateTimePicker
              locale={locale}
              value={at}
              onChange={(date) => setAt(date ?? null)}
              onClear={() => setAt(null)}
              dateLabel={t('visit.date', 'Date')}
              timeLabel={t('visit.time', 'Time')}
              clearLabel={t('followUp.clearField', 'Clear the date')}
              step={15}
              disabled={saving}
            />
          </Field.Root>
          <Field.Root name="followUpKind">
            <Field.Label>{t('followUp.kind', 'What')}</Field.Label>
            <SingleSelect value={kind} disabled={saving} onChange={(value) => setKind(String(value) as FollowUpKind)}>
              {FOLLOW_UP_KINDS.map((option) => (
                <SingleSelectOption key={option} value={option}>
                  {kindLabel(option)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Flex gap={2} wrap="wrap">
            <Button onClick={() => void save(at)} disabled={!at || unchanged} loading={saving}>
              {t('followUp.save', 'Save next step')}
            </Button>
            {lead.followUpAt && (
              <Button variant="tertiary" onClick={() => void save(null)} disabled={saving}>
                {t('followUp.clear', 'Clear')}
              </Button>
            )}
          </Flex>
        </Flex>
      )}
      {closed && !lead.followUpAt && (
        <Typography variant="pi" textColor="neutral600">
          {t('followUp.closed', 'A won or lost lead has no next step.')}
        </Typography>
      )}
      {lead.visitAt && (
        <Flex direction="column" alignItems="stretch" gap={2} tag="dl" style={{ margin: 0 }}>
          <Detail label={t('lead.visitAt', 'Visit')}>
            {formatDate(lead.visitAt, { dateStyle: 'full', timeStyle: 'short' })}
          </Detail>
          <Button variant="secondary" startIcon={<Calendar />} onClick={() => void visitCalendar()} loading={downloading}>
            {t('visit.calendar', 'Add to calendar (.ics)')}
          </Button>
        </Flex>
      )}
    </Section>
  );
};
