import * as React from 'react';
import { Dialog, Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import {
  ConfirmDialog,
  Table,
  isFetchError,
  useAPIErrorHandler,
  useFetchClient,
  useNotification,
  useTable,
} from '@strapi/strapi/admin';
import type { InboxOptions, LeadBulkUpdateBody, LeadListItem, LeadStatus } from '../../../../shared/contracts/leads';
import { useLeadsT, useStatusLabels, userName } from './labels';

type Change = { status: LeadStatus } | { assignee: number | null };

/**
 * Above the inbox's table while rows are selected (users with leads.update): change the status of
 * the selected leads, or assign them, each after a confirmation naming what will change.
 */
export const BulkActions = ({ options, onDone }: { options: InboxOptions; onDone: () => Promise<void> | void }) => {
  const t = useLeadsT();
  const { statusOptions, statusLabel } = useStatusLabels();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const selectedRows = useTable('BulkActions', (state) => state.selectedRows) as unknown as LeadListItem[];
  const selectRow = useTable('BulkActions', (state) => state.selectRow);
  const [pending, setPending] = React.useState<Change | null>(null);

  const count = selectedRows.length;
  const describe = (change: Change) => {
    if ('status' in change) {
      return t('bulk.confirm.status', 'The status of {count, plural, one {the selected lead} other {the # selected leads}} will be {status}.', {
        count,
        status: statusLabel(change.status),
      });
    }
    const user = options.assignees.find((assignee) => assignee.id === change.assignee);
    return change.assignee === null
      ? t('bulk.confirm.unassign', '{count, plural, one {The selected lead} other {The # selected leads}} will be assigned to nobody.', { count })
      : t('bulk.confirm.assign', '{count, plural, one {The selected lead} other {The # selected leads}} will be assigned to {user}.', {
          count,
          user: userName(user) || String(change.assignee),
        });
  };

  const confirm = async () => {
    if (!pending) return;
    try {
      const body: LeadBulkUpdateBody = { documentIds: selectedRows.map((row) => row.documentId), ...pending };
      const { data } = await post<{ data: { count: number } }>('/grupozap/leads/bulk', body);
      toggleNotification({
        type: 'success',
        message: t('bulk.done', '{count, plural, one {# lead updated} other {# leads updated}}', { count: data.data.count }),
      });
      selectRow([]);
      await onDone();
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: isFetchError(error) ? formatAPIError(error) : t('bulk.failed', 'The leads could not be updated.'),
      });
    } finally {
      setPending(null);
    }
  };

  return (
    <Table.ActionBar>
      <Flex gap={2}>
        <SingleSelect
          aria-label={t('bulk.status', 'Change the status of the selected leads')}
          placeholder={t('bulk.status.placeholder', 'Change status')}
          value={null}
          size="S"
          onChange={(value) => setPending({ status: value as LeadStatus })}
        >
          {statusOptions.map((option) => (
            <SingleSelectOption key={option.value} value={option.value}>
              {option.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <SingleSelect
          aria-label={t('bulk.assign', 'Assign the selected leads')}
          placeholder={t('bulk.assign.placeholder', 'Assign to')}
          value={null}
          size="S"
          onChange={(value) => setPending({ assignee: value === 'none' ? null : Number(value) })}
        >
          <SingleSelectOption value="none">{t('assignee.nobody', 'Nobody (unassigned)')}</SingleSelectOption>
          {options.assignees.map((user) => (
            <SingleSelectOption key={user.id} value={String(user.id)}>
              {userName(user)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Flex>
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
