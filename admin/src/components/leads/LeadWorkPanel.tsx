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
            if (status !== lead.status)
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
