import { Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { PrivacyAuditEntry } from '../../../../shared/contracts/privacy';
import { Section } from '../../components/Section';
import { TableHeaders } from '../../components/TableHeaders';
import { useTranslate } from '../../hooks/useTranslate';
import { Cell, KIND_LABELS, useWhen } from './labels';

/** Every search, export, erasure and retention run, without the person (a keyed hash). */
export const AuditLogSection = ({ audit }: { audit: PrivacyAuditEntry[] }) => {
  const t = useTranslate('privacy');
  const when = useWhen();
  const actionLabels: Record<PrivacyAuditEntry['action'], string> = {
    search: t('audit.action.search', 'Search'),
    export: t('audit.action.export', 'Export'),
    erase: t('audit.action.erase', 'Erase'),
    retention: t('audit.action.retention', 'Retention'),
  };

  return (
    <Section
      title={t('audit.title', 'Audit log')}
      subtitle={t(
        'audit.subtitle',
        'Every search, export, erasure and retention run: who, when, how many. The person is kept only as a keyed hash (reference), never their e-mail, phone or CPF.'
      )}
    >
      {audit.length === 0 ? (
        <Typography textColor="neutral600">{t('audit.empty', 'Nothing yet.')}</Typography>
      ) : (
        <Table colCount={7} rowCount={audit.length + 1}>
          <TableHeaders
            labels={[
              t('audit.when', 'When'),
              t('audit.action', 'Action'),
              t('audit.user', 'Admin user'),
              t('audit.kind', 'By'),
              t('audit.reference', 'Reference'),
              t('audit.counts', 'Leads / notes / deliveries'),
              t('audit.mentions', 'Mentions in others’ records'),
            ]}
          />
          <Tbody>
            {audit.map((entry) => (
              <Tr key={entry.id}>
                <Cell>{when(entry.performedAt)}</Cell>
                <Cell>{actionLabels[entry.action]}</Cell>
                <Cell>{entry.adminUserId === null ? t('audit.job', 'daily job') : `#${entry.adminUserId}`}</Cell>
                <Cell>{entry.subjectKind ? t(`kind.${entry.subjectKind}`, KIND_LABELS[entry.subjectKind]) : null}</Cell>
                <Td>
                  <Typography textColor="neutral800" title={entry.subjectRef ?? undefined}>
                    {entry.subjectRef ? `${entry.subjectRef.slice(0, 12)}…` : '—'}
                  </Typography>
                </Td>
                <Cell>{`${entry.leadsCount} / ${entry.notesCount} / ${entry.deliveriesCount}`}</Cell>
                <Cell>{`${entry.mentionLeadsCount} / ${entry.mentionNotesCount} / ${entry.mentionDeliveriesCount}`}</Cell>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Section>
  );
};
