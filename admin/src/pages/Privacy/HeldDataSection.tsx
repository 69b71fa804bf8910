import { Badge, Button, Flex, Link, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Download, Search, Trash } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import type { PrivacySearchResult, PrivacySubjectBody } from '../../../../shared/contracts/privacy';
import { Section } from '../../components/Section';
import { TableHeaders } from '../../components/TableHeaders';
import { useTranslate } from '../../hooks/useTranslate';
import { leadPath } from '../../paths';
import { Cell, total, useWhen } from './labels';

interface HeldDataSectionProps {
  result: PrivacySearchResult;
  canErase: boolean;
  exporting: boolean;
  onExport: () => void;
  onErase: () => void;
  /** Searches another identifier of the person (one of `result.otherIdentifiers`). */
  onSearchOther: (subject: PrivacySubjectBody) => void;
}

/** "What is held" about the person found: their leads, their deliveries, the mentions in others' records, and the requests. */
export const HeldDataSection = ({ result, canErase, exporting, onExport, onErase, onSearchOther }: HeldDataSectionProps) => {
  const t = useTranslate('privacy');
  const when = useWhen();
  const found = result.counts.leads + result.counts.deliveries + total(result.mentions);

  return (
    <Section
      title={t('results.title', 'What is held')}
      subtitle={t(
        'results.summary',
        '{leads, plural, =0 {No lead} one {# lead} other {# leads}}, {notes, plural, =0 {no note} one {# note} other {# notes}} and {deliveries, plural, =0 {no delivery} one {# delivery} other {# deliveries}} for {value}.',
        { ...result.counts, value: result.subject.value }
      )}
    >
      {total(result.mentions) > 0 && (
        <Typography textColor="neutral800" data-testid="privacy-mentions">
          {t(
            'results.mentions',
            'Also mentioned in {leads, plural, =0 {no lead} one {# lead} other {# leads}}, {notes, plural, =0 {no note} one {# note} other {# notes}} and {deliveries, plural, =0 {no delivery} one {# delivery} other {# deliveries}} of other people. Erasing replaces each mention with “[removido]” and keeps the rest, which is theirs.',
            { ...result.mentions }
          )}
        </Typography>
      )}
      {result.otherIdentifiers.length > 0 && (
        <Flex direction="column" alignItems="stretch" gap={2} data-testid="privacy-other-identifiers">
          <Typography textColor="neutral800">
            {t(
              'results.otherIdentifiers',
              'Their leads also carry these identifiers. Search each too (and export or erase), so that nothing of this person is left:'
            )}
          </Typography>
          <Flex gap={2} wrap="wrap">
            {result.otherIdentifiers.map((identifier) => (
              <Button
                key={`${identifier.kind}:${identifier.value}`}
                variant="tertiary"
                size="S"
                startIcon={<Search />}
                onClick={() => onSearchOther(identifier)}
              >
                {identifier.value}
              </Button>
            ))}
          </Flex>
        </Flex>
      )}
      <Flex gap={2}>
        <Button variant="secondary" startIcon={<Download />} loading={exporting} disabled={!found} onClick={onExport}>
          {t('export.button', 'Export JSON')}
        </Button>
        {canErase && (
          <Button variant="danger-light" startIcon={<Trash />} disabled={!found} onClick={onErase}>
            {t('erase.button', 'Erase')}
          </Button>
        )}
      </Flex>

      {result.leads.length > 0 && (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography variant="delta" tag="h3">
            {t('leads.title', 'Leads')}
          </Typography>
          <Table colCount={8} rowCount={result.leads.length + 1}>
            <TableHeaders
              labels={[
                t('leads.receivedAt', 'Received'),
                t('leads.name', 'Name'),
                t('leads.email', 'E-mail'),
                t('leads.phone', 'Phone'),
                t('leads.advertiser', 'Advertiser'),
                t('leads.status', 'Status'),
                t('leads.held', 'Notes / deliveries'),
                t('leads.anonymizedAt', 'Anonymised'),
              ]}
            />
            <Tbody>
              {result.leads.map((lead) => (
                <Tr key={lead.documentId}>
                  <Td>
                    <Link tag={NavLink} to={leadPath(lead.documentId)}>
                      {when(lead.receivedAt)}
                    </Link>
                  </Td>
                  <Cell>{lead.name}</Cell>
                  <Cell>{lead.email}</Cell>
                  <Cell>{lead.phoneE164}</Cell>
                  <Cell>{lead.advertiser}</Cell>
                  <Cell>{lead.status}</Cell>
                  <Cell>{`${lead.notes} / ${lead.deliveries}`}</Cell>
                  <Cell>{lead.anonymizedAt ? when(lead.anonymizedAt) : null}</Cell>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Flex>
      )}

      {result.deliveries.length > 0 && (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography variant="delta" tag="h3">
            {t('deliveries.title', 'Deliveries (raw bodies)')}
          </Typography>
          <Table colCount={5} rowCount={result.deliveries.length + 1}>
            <TableHeaders
              labels={[
                t('deliveries.receivedAt', 'Received'),
                t('deliveries.answer', 'Answer'),
                t('deliveries.advertiserKey', 'Advertiser key'),
                t('deliveries.lead', 'Lead'),
                t('deliveries.held', 'Holds'),
              ]}
            />
            <Tbody>
              {result.deliveries.map((delivery) => (
                <Tr key={delivery.documentId}>
                  <Cell>{when(delivery.receivedAt)}</Cell>
                  <Td>
                    <Flex gap={2}>
                      <Badge variant={delivery.httpStatus < 300 ? 'success' : 'danger'}>{delivery.httpStatus}</Badge>
                      <Typography textColor="neutral800">{delivery.code}</Typography>
                    </Flex>
                  </Td>
                  <Cell>{delivery.advertiserKey}</Cell>
                  <Td>
                    {delivery.lead ? (
                      <Link tag={NavLink} to={leadPath(delivery.lead)}>
                        {t('deliveries.openLead', 'Open')}
                      </Link>
                    ) : (
                      <Typography textColor="neutral600">{t('deliveries.noLead', 'none (refused)')}</Typography>
                    )}
                  </Td>
                  <Cell>
                    {[delivery.hasBody && t('deliveries.body', 'raw body'), delivery.hasIp && t('deliveries.ip', 'IP')]
                      .filter(Boolean)
                      .join(', ') || t('deliveries.nothing', 'nothing personal')}
                  </Cell>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Flex>
      )}

      {(result.counts.leads > result.leads.length || result.counts.deliveries > result.deliveries.length) && (
        <Typography variant="pi" textColor="neutral600">
          {t('results.more', 'Only the first rows are listed; the export and the erasure take them all.')}
        </Typography>
      )}
    </Section>
  );
};
