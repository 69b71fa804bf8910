import type * as React from 'react';
import { Checkbox, Typography } from '@strapi/design-system';
import { Table, useTable } from '@strapi/strapi/admin';
import type { LeadListItem } from '../../../../shared/contracts/leads';
import { useTranslate } from '../../hooks/useTranslate';

/** The row's checkbox, named after the lead (the admin's own names the row by its id). */
export const LeadCheckboxCell = ({ lead }: { lead: LeadListItem }) => {
  const t = useTranslate('leads');
  const selectedRows = useTable('LeadCheckboxCell', (state) => state.selectedRows);
  const selectRow = useTable('LeadCheckboxCell', (state) => state.selectRow);
  const checked = selectedRows.some((row) => row.id === lead.id);
  return (
    <Table.Cell onClick={(event: React.MouseEvent) => event.stopPropagation()}>
      <Checkbox
        aria-label={t('table.select', 'Select {name}', { name: lead.name || lead.originLeadId })}
        checked={checked}
        onCheckedChange={() => selectRow(lead as never)}
      />
    </Table.Cell>
  );
};

/** An empty cell. */
export const Dash = () => <Typography textColor="neutral500">–</Typography>;

/** A text on one line, cut with an ellipsis past `maxWidth`; a dash when there is none. */
export const TextCell = ({ children, maxWidth = '20rem' }: { children: React.ReactNode; maxWidth?: string }) =>
  children ? (
    <Typography textColor="neutral800" ellipsis maxWidth={maxWidth} tag="div">
      {children}
    </Typography>
  ) : (
    <Dash />
  );
