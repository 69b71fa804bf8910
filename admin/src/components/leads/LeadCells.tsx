import type * as React from 'react';
import { Badge, Box, Checkbox, Flex, Tooltip, Typography } from '@strapi/design-system';
import { Table, useTable } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, type LinkProps } from 'react-router-dom';
import { PERSON_LEADS_COUNTED, type LeadListItem } from '../../../../shared/contracts/leads';
import { useTranslate } from '../../hooks/useTranslate';
import { useFormatPhone } from '../../hooks/useFormatPhone';
import { LeadStatusBadge, SlaState, phoneOf, useFollowUpKindLabels } from './labels';

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

/** When the lead arrived, short (the full date and time on hover). */
export const ReceivedAt = ({ at, variant }: { at: string; variant?: 'omega' | 'pi' }) => {
  const { formatDate } = useIntl();
  return (
    <Typography
      variant={variant}
      textColor={variant === 'pi' ? 'neutral600' : 'neutral800'}
      style={{ whiteSpace: 'nowrap' }}
      title={formatDate(at, { dateStyle: 'full', timeStyle: 'medium' })}
    >
      {formatDate(at, { dateStyle: 'short', timeStyle: 'short' })}
    </Typography>
  );
};

/** The lead's next step: what, and when (in red once late); empty without one. */
export const FollowUpCell = ({ lead }: { lead: LeadListItem }) => {
  const { formatDate } = useIntl();
  const kindLabel = useFollowUpKindLabels();
  if (!lead.followUpAt) return null;
  const late = new Date(lead.followUpAt).getTime() < Date.now();
  // two short lines, as the contact cell: the column fits beside the five at 1280 px
  return (
    <Flex
      direction="column"
      alignItems="flex-start"
      title={formatDate(lead.followUpAt, { dateStyle: 'full', timeStyle: 'short' })}
      data-late={late || undefined}
    >
      <Typography variant="omega" textColor={late ? 'danger600' : 'neutral800'} style={{ whiteSpace: 'nowrap' }}>
        {kindLabel(lead.followUpKind ?? 'other')}
      </Typography>
      <Typography variant="pi" textColor={late ? 'danger600' : 'neutral600'} style={{ whiteSpace: 'nowrap' }}>
        {formatDate(
          lead.followUpAt,
          new Date(lead.followUpAt).getFullYear() === new Date().getFullYear()
            ? { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }
            : { dateStyle: 'short', timeStyle: 'short' }
        )}
      </Typography>
    </Flex>
  );
};

/** The badges beside a lead's name: *New* (since the last visit) and *Test* (the homologation runner's). */
export const LeadNameBadges = ({ lead, isNew }: { lead: LeadListItem; isNew: boolean }) => {
  const t = useTranslate('leads');
  return (
    <>
      {isNew && (
        <Tooltip label={t('list.new.hint', 'Received since your last visit')}>
          <Box tag="span" display="inline-flex" data-testid="lead-new-badge">
            <Badge variant="success" size="S">
              {t('list.new', 'New')}
            </Badge>
          </Box>
        </Tooltip>
      )}
      {lead.isTest && <Badge size="S">{t('list.test', 'Test')}</Badge>}
      {lead.personLeads > 1 && (
        <Tooltip label={t('list.personLeads.hint', 'Leads of this person (same phone or e-mail) that you can see')}>
          <Box tag="span" display="inline-flex" data-testid="lead-person-badge">
            <Badge size="S">
              {lead.personLeads >= PERSON_LEADS_COUNTED
                ? t('list.personLeads.many', '{count}+ leads', { count: PERSON_LEADS_COUNTED })
                : t('list.personLeads', '{count, plural, one {# lead} other {# leads}}', { count: lead.personLeads })}
            </Badge>
          </Box>
        </Tooltip>
      )}
    </>
  );
};

/** The lead's status, and its first-response SLA (overdue, or the time left) while it is `new`. */
export const StatusCell = ({ lead }: { lead: LeadListItem }) => (
  <Flex gap={1} direction="column" alignItems="flex-start">
    <LeadStatusBadge status={lead.status} />
    <SlaState overdue={lead.overdue} secondsLeft={lead.slaSecondsLeft} />
  </Flex>
);

/** The listing asked about: its code and title, or the code with *Not matched*, or a dash. */
export const ListingCell = ({ lead, maxWidth = '12rem' }: { lead: LeadListItem; maxWidth?: string }) => {
  const t = useTranslate('leads');
  if (lead.listing) {
    return (
      <Flex direction="column" alignItems="flex-start">
        <Typography textColor="neutral800" ellipsis maxWidth={maxWidth} tag="div">
          {lead.listing.clientListingId}
        </Typography>
        {lead.listing.title && (
          <Typography variant="pi" textColor="neutral600" ellipsis maxWidth={maxWidth} tag="div" title={lead.listing.title}>
            {lead.listing.title}
          </Typography>
        )}
      </Flex>
    );
  }
  if (!lead.clientListingId) return <Dash />;
  return (
    <Flex gap={1} direction="column" alignItems="flex-start">
      <Typography textColor="neutral800" ellipsis maxWidth={maxWidth} tag="div">
        {lead.clientListingId}
      </Typography>
      <Badge variant="warning" size="S">
        {t('listing.notMatched', 'Not matched')}
      </Badge>
    </Flex>
  );
};

/**
 * The person: their name (a link to the lead's page, with its badges), and below it their phone
 * and e-mail as secondary text.
 */
export const PersonCell = ({ lead, to, isNew }: { lead: LeadListItem; to: LinkProps['to']; isNew: boolean }) => {
  const t = useTranslate('leads');
  const formatPhone = useFormatPhone();
  const phone = phoneOf(lead);
  const contact = [phone && formatPhone(phone), lead.email].filter(Boolean).join(' · ');
  return (
    <Flex direction="column" alignItems="flex-start">
      <Flex gap={2}>
        <Typography
          tag={Link}
          to={to}
          onClick={(event: React.MouseEvent) => event.stopPropagation()}
          textColor="neutral800"
          fontWeight="semiBold"
          ellipsis
          maxWidth="16rem"
          style={{ textDecoration: 'none' }}
        >
          {lead.name || t('list.noName', '(no name)')}
        </Typography>
        <LeadNameBadges lead={lead} isNew={isNew} />
      </Flex>
      {contact && (
        <Typography variant="pi" textColor="neutral600" ellipsis maxWidth="20rem" tag="div" title={contact}>
          {contact}
        </Typography>
      )}
    </Flex>
  );
};
