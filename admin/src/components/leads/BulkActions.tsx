import * as React from 'react';
import { Dialog, Flex, SingleSelect } from '@strapi/design-system';
import { ConfirmDialog, Table, useNotification, useTable } from '@strapi/strapi/admin';
import type { InboxOptions, LeadListItem, LeadStatus } from '../../../../shared/contracts/leads';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { useBulkUpdateLeadsMutation } from '../../services/leads';
import { useStatusLabels, userName } from './labels';
import { AssigneeOptions, StatusOptions } from './LeadSelectOptions';
import { LostReasonDialog } from './LostReasonDialog';
import { VisitDateDialog } from './VisitDateDialog';

type Change = { status: LeadStatus; lostReason?: string; visitAt?: string } | { assignee: number | null };

/**
 * Above the inbox's table while rows are selected (users with leads.update): change the status of
 * the selected leads, or assign them, each after a confirmation naming what will change. The
 * inbox is read again after a change (its cache tag is invalidated).
 */
export const BulkActions = ({ options }: { options: InboxOptions }) => {
  const t = useTranslate('leads');
  const { statusLabel } = useStatusLabels();
  const { toggleNotification } = useNotification();
  const { notifyError } = useApiError();
  const [bulkUpdate] = useBulkUpdateLeadsMutation();
  const selectedRows = useTable('BulkActions', (state) => state.selectedRows) as unknown as LeadListItem[];
  const selectRow = useTable('BulkActions', (state) => state.selectRow);
  const [pending, setPending] = React.useState<Change | null>(null);
  // lost asks why first; the confirmation then names the reason
  const [askingWhyLost, setAskingWhyLost] = React.useState(false);
  // so does a visit, when
  const [askingVisitDate, setAskingVisitDate] = React.useState(false);

  const count = selectedRows.length;
  const describe = (change: Change) => {
    if ('status' in change) {
      if (change.lostReason)
        return t(
          'bulk.confirm.lost',
          '{count, plural, one {The selected lead} other {The # selected leads}} will be lost: {reason}.',
          { count, reason: change.lostReason }
        );
      return t(
        'bulk.confirm.status',
        'The status of {count, plural, one {the selected lead} other {the # selected leads}} will be {status}.',
        {
          count,
          status: statusLabel(change.status),
        }
      );
    }
    const user = options.assignees.find((assignee) => assignee.id === change.assignee);
    return change.assignee === null
      ? t(
          'bulk.confirm.unassign',
          '{count, plural, one {The selected lead} other {The # selected leads}} will be assigned to nobody.',
          { count }
        )
      : t(
          'bulk.confirm.assign',
          '{count, plural, one {The selected lead} other {The # selected leads}} will be assigned to {user}.',
          {
            count,
            user: userName(user) || String(change.assignee),
          }
        );
  };

  const confirm = async () => {
    if (!pending) return;
    const answer = await bulkUpdate({ documentIds: selectedRows.map((row) => row.documentId), ...pending });
    if ('error' in answer) {
      notifyError(answer.error, t('bulk.failed', 'The leads could not be updated.'));
    } else {
      toggleNotification({
        type: 'success',
        message: t('bulk.done', '{count, plural, one {# lead updated} other {# leads updated}}', { count: answer.data.count }),
      });
      selectRow([]);
    }
    setPending(null);
  };

  return (
    <Table.ActionBar>
      <Flex gap={2}>
        <SingleSelect
          aria-label={t('bulk.status', 'Change the status of the selected leads')}
          placeholder={t('bulk.status.placeholder', 'Change status')}
          value={null}
          size="S"
          onChange={(value) =>
            value === 'lost'
              ? setAskingWhyLost(true)
              : value === 'visit_scheduled'
                ? setAskingVisitDate(true)
                : setPending({ status: value as LeadStatus })
          }
        >
          <StatusOptions />
        </SingleSelect>
        <SingleSelect
          aria-label={t('bulk.assign', 'Assign the selected leads')}
          placeholder={t('bulk.assign.placeholder', 'Assign to')}
          value={null}
          size="S"
          onChange={(value) => setPending({ assignee: value === 'none' ? null : Number(value) })}
        >
          <AssigneeOptions users={options.assignees} />
        </SingleSelect>
      </Flex>
      <LostReasonDialog
        open={askingWhyLost}
        reasons={options.lostReasons}
        count={count}
        onCancel={() => setAskingWhyLost(false)}
        onConfirm={(lostReason) => {
          setAskingWhyLost(false);
          setPending({ status: 'lost', lostReason });
        }}
      />
      <VisitDateDialog
        open={askingVisitDate}
        count={count}
        onCancel={() => setAskingVisitDate(false)}
        onConfirm={(visitAt) => {
          setAskingVisitDate(false);
          setPending({ status: 'visit_scheduled', visitAt });
        }}
      />
      <Dialog.Root open={pending !== null} onOpenChange={(open) => !open && setPending(null)}>
        <ConfirmDialog
          title={t('bulk.confirm.title', 'Update {count, plural, one {# lead} other {# leads}}?', { count })}
          variant="default"
          onConfirm={confirm}
        >
          {pending ? describe(pending) : ''}
        </ConfirmDialog>
      </Dialog.Root>
    </Table.ActionBar>
  );
};
