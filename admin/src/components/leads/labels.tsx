import * as React from 'react';
import { Badge, Status, Typography } from '@strapi/design-system';
import { LEAD_STATUSES, type AdminUserRef, type FollowUpKind, type LeadStatus } from '../../../../shared/contracts/leads';
import { useTranslate } from '../../hooks/useTranslate';
import { formatDuration } from '../../utils/formatDuration';

type StatusVariant = 'primary' | 'secondary' | 'alternative' | 'warning' | 'success' | 'neutral' | 'danger';

const STATUS_VARIANTS: Record<LeadStatus, StatusVariant> = {
  new: 'primary',
  contacted: 'secondary',
  qualified: 'alternative',
  visit_scheduled: 'warning',
  proposal: 'warning',
  won: 'success',
  lost: 'neutral',
};

/** The funnel's statuses with their names in the user's language, in the funnel's order. */
export const useStatusLabels = (): {
  statusLabel: (status: string) => string;
  statusOptions: Array<{ value: LeadStatus; label: string }>;
} => {
  const t = useTranslate('leads');
  return React.useMemo(() => {
    const labels: Record<LeadStatus, string> = {
      new: t('status.new', 'New'),
      contacted: t('status.contacted', 'Contacted'),
      qualified: t('status.qualified', 'Qualified'),
      visit_scheduled: t('status.visit_scheduled', 'Visit scheduled'),
      proposal: t('status.proposal', 'Proposal'),
      won: t('status.won', 'Won'),
      lost: t('status.lost', 'Lost'),
    };
    return {
      statusLabel: (status: string) => labels[status as LeadStatus] ?? status,
      statusOptions: LEAD_STATUSES.map((value) => ({ value, label: labels[value] })),
    };
  }, [t]);
};

/** What a follow-up is, in words. */
export const useFollowUpKindLabels = (): ((kind: string) => string) => {
  const t = useTranslate('leads');
  return React.useMemo(() => {
    const labels: Record<FollowUpKind, string> = {
      call: t('followUp.kind.call', 'Call'),
      visit: t('followUp.kind.visit', 'Visit'),
      proposal: t('followUp.kind.proposal', 'Send a proposal'),
      other: t('followUp.kind.other', 'Get back in touch'),
    };
    return (kind: string) => labels[kind as FollowUpKind] ?? kind;
  }, [t]);
};

/** The portal's transaction types in words (SELL, RENT); other values as sent. */
export const useTransactionLabel = (): ((value: string | null | undefined) => string) => {
  const t = useTranslate('leads');
  return React.useCallback(
    (value) => {
      if (!value) return '';
      if (value.toUpperCase() === 'SELL') return t('transaction.SELL', 'Sale');
      if (value.toUpperCase() === 'RENT') return t('transaction.RENT', 'Rent');
      return value;
    },
    [t]
  );
};

/** An admin user as the admin names them: first and last name, else the e-mail. */
export const userName = (user: Pick<AdminUserRef, 'firstname' | 'lastname' | 'email'> | null | undefined): string =>
  user ? [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email : '';

/** A lead's status as the Content Manager shows a document's (a small coloured status). */
export const LeadStatusBadge = ({ status }: { status: string }) => {
  const { statusLabel } = useStatusLabels();
  return (
    <Status variant={STATUS_VARIANTS[status as LeadStatus] ?? 'neutral'} size="S" width="min-content">
      <Typography tag="span" variant="omega" fontWeight="bold" style={{ whiteSpace: 'nowrap' }}>
        {statusLabel(status)}
      </Typography>
    </Status>
  );
};

/** Still `new` past its first-response deadline. */
export const OverdueBadge = () => {
  const t = useTranslate('leads');
  return (
    <Badge variant="danger" size="S">
      {t('overdue', 'Overdue')}
    </Badge>
  );
};

/** The first-response SLA of a lead still `new`: overdue, or the time left (warning near the end). */
export const SlaState = ({ overdue, secondsLeft }: { overdue: boolean; secondsLeft: number | null }) => {
  const t = useTranslate('leads');
  if (overdue) return <OverdueBadge />;
  if (secondsLeft === null) return null;
  return (
    <Typography variant="pi" textColor={secondsLeft <= 5 * 60 ? 'warning600' : 'neutral600'} style={{ whiteSpace: 'nowrap' }}>
      {t('sla.left', '{time} left', { time: formatDuration(secondsLeft) })}
    </Typography>
  );
};

/** The phone as stored in E.164, else as the portal sent it (DDD and number). */
export const phoneOf = (lead: { phoneE164?: string | null; ddd?: string | null; phone?: string | null }): string =>
  lead.phoneE164 || [lead.ddd && `(${lead.ddd})`, lead.phone].filter(Boolean).join(' ');
