import type * as React from 'react';
import { Td, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PrivacyCounts, SubjectKind } from '../../../../shared/contracts/privacy';

export const KINDS: SubjectKind[] = ['email', 'phone', 'cpf'];
export const KIND_LABELS: Record<SubjectKind, string> = { email: 'E-mail', phone: 'Phone', cpf: 'CPF' };

/** Leads, notes and deliveries together. */
export const total = (counts: PrivacyCounts): number => counts.leads + counts.notes + counts.deliveries;

/** A table cell of text, a dash when empty. */
export const Cell = ({ children }: { children: React.ReactNode }) => (
  <Td>
    <Typography textColor="neutral800">{children ?? '—'}</Typography>
  </Td>
);

/** A short date and time, or a dash. */
export const useWhen = () => {
  const { formatDate } = useIntl();
  return (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'short', timeStyle: 'short' }) : '—');
};
