import * as React from 'react';
import { Field, Flex, SingleSelect } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { AdminUserRef, LeadDetail, LeadStatus, LeadUpdateBody } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { useInboxOptions, useUpdateLeadMutation } from '../../services/leads';
import { formatDuration } from '../../utils/formatDuration';
import { Detail } from './Detail';
import { SlaState, useStatusLabels, userName } from './labels';
import { AssigneeOptions, StatusOptions } from './LeadSelectOptions';
import { LostReasonDialog } from './LostReasonDialog';
import { VisitDateDialog } from './VisitDateDialog';

/** Working the lead: its status and assignee (for users who may change leads), and its first response. */
export const LeadWorkPanel = ({ lead, canUpdate }: { lead: LeadDetail; canUpdate: boolean }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const { toggleNotification } = useNotification();
  const { notifyError } = useApiError();
  const { statusLabel } = useStatusLabels();
  const options = useInboxOptions();
  // one request per field, so each select shows its own save
  const [updateStatus, { isLoading: savingStatus }] = useUpdateLeadMutation();
  const [updateAssignee, { isLoading: savingAssignee }] = useUpdateLeadMutation();
  const saving = savingStatus || savingAssignee;
  // lost asks why first
  const [askingWhyLost, setAskingWhyLost] = React.useState(false);
  // a visit asks when
  const [askingVisitDate, setAskingVisitDate] = React.useState(false);

  const assigneeChoices: AdminUserRef[] =
    lead.assignee && !options.assignees.some((user) => user.id === lead.assignee?.id)
      ? [...options.assignees, lead.assignee]
      : options.assignees;

  const save = async (update: typeof updateStatus, changes: LeadUpdateBody, done: string) => {
    const answer = await update({ documentId: lead.documentId, changes });
    if ('error' in answer) notifyError(answer.error, t('lead.saveFailed', 'The lead could not be saved.'));
    else toggleNotification({ type: 'success', message: done });
  };

  return (
    <Section title={t('lead.work', 'Work this lead')}>
      <Field.Root name="status" hint={canUpdate ? undefined : t('lead.readOnly', 'Your role may read leads, not change them.')}>
        <Field.Label>{t('lead.status', 'Status')}</Field.Label>
        <SingleSelect
          value={lead.status}
          disabled={!canUpdate || saving}
          loading={savingStatus}
          onChange={(value) => {
            const status = String(value) as LeadStatus;
            if (status === 'lost') setAskingWhyLost(true);
            else if (status === 'visit_scheduled' && status !== lead.status) setAskingVisitDate(true);
            else if (status !== lead.status)
              void save(
                updateStatus,
                { status },
                t('lead.statusSaved', 'Status changed to {status}', { status: statusLabel(status) })
              );
          }}
        >
          <StatusOptions />
        </SingleSelect>
        <Field.Hint />
      </Field.Root>
      <LostReasonDialog
        open={askingWhyLost}
        reasons={options.lostReasons}
        onCancel={() => setAskingWhyLost(false)}
        onConfirm={async (lostReason) => {
          await save(
            updateStatus,
            { status: 'lost', lostReason },
            t('lead.statusSaved', 'Status changed to {status}', { status: statusLabel('lost') })
          );
          setAskingWhyLost(false);
        }}
      />
      <VisitDateDialog
        open={askingVisitDate}
        onCancel={() => setAskingVisitDate(false)}
        onConfirm={async (visitAt) => {
          await save(
            updateStatus,
            { status: 'visit_scheduled', visitAt },
            t('lead.statusSaved', 'Status changed to {status}', { status: statusLabel('visit_scheduled') })
          );
          setAskingVisitDate(false);
        }}
      />
      <Field.Root name="assignee">
        <Field.Label>{t('lead.assignee', 'Assignee')}</Field.Label>
        <SingleSelect
          value={lead.assignee ? String(lead.assignee.id) : 'none'}
          disabled={!canUpdate || saving}
          loading={savingAssignee}
          onChange={(value) => {
            const assignee = value === 'none' ? null : Number(value);
            if (assignee === (lead.assignee?.id ?? null)) return;
            const user = assigneeChoices.find((choice) => choice.id === assignee);
            void save(
              updateAssignee,
              { assignee },
              user
                ? t('lead.assigned', 'Assigned to {user}', { user: userName(user) })
                : t('lead.unassigned', 'The lead is assigned to nobody')
            );
          }}
        >
          <AssigneeOptions users={assigneeChoices} />
        </SingleSelect>
      </Field.Root>
      <Flex direction="column" alignItems="stretch" gap={4} tag="dl" style={{ margin: 0 }}>
        {lead.status === 'lost' && lead.lostReason && (
          <Detail label={t('lead.lostReason', 'Lost because')}>{lead.lostReason}</Detail>
        )}
        {lead.assignedAt && lead.assignee && (
          <Detail label={t('lead.assignedAt', 'Assigned')}>
            {formatDate(lead.assignedAt, { dateStyle: 'medium', timeStyle: 'short' })}
          </Detail>
        )}
        {lead.firstRespondedAt ? (
          <Detail label={t('lead.firstResponse', 'First response')}>
            {t('lead.firstResponse.value', '{date}, after {duration}{by}', {
              date: formatDate(lead.firstRespondedAt, { dateStyle: 'medium', timeStyle: 'short' }),
              duration: formatDuration(lead.firstResponseSeconds ?? 0),
              by: lead.firstResponder ? ` (${userName(lead.firstResponder)})` : '',
            })}
          </Detail>
        ) : (
          lead.slaDueAt && (
            <Detail label={t('lead.slaDueAt', 'First response due')}>
              <Flex gap={2} wrap="wrap">
                {formatDate(lead.slaDueAt, { dateStyle: 'medium', timeStyle: 'short' })}
                <SlaState overdue={lead.overdue} secondsLeft={lead.slaSecondsLeft} />
              </Flex>
            </Detail>
          )
        )}
      </Flex>
    </Section>
  );
};
