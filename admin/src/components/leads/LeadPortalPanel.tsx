import { Divider, Grid, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { LeadDetail } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { useTranslate } from '../../hooks/useTranslate';
import { Detail } from './Detail';
import { JsonBlock } from './JsonBlock';
import { useTransactionLabel } from './labels';

/** What the portal sent: its fields, its extra data, and the raw body (folded). */
export const LeadPortalPanel = ({ lead }: { lead: LeadDetail }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const transactionLabel = useTransactionLabel();
  const extra = lead.extraData && typeof lead.extraData === 'object' ? Object.entries(lead.extraData) : [];

  return (
    <Section title={t('lead.portal', 'What the portal sent')}>
      <Grid.Root gap={5} tag="dl" style={{ margin: 0 }}>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.origin', 'Origin')}>{lead.leadOrigin}</Detail>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.leadType', 'Lead type')}>{lead.leadType}</Detail>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.temperature', 'Temperature')}>{lead.temperature}</Detail>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.transactionType', 'Transaction type')}>{transactionLabel(lead.transactionType)}</Detail>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.originLeadId', 'Portal lead id')}>{lead.originLeadId}</Detail>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.originListingId', 'Portal listing id')}>{lead.originListingId}</Detail>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.clientListingId', 'Listing code (clientListingId)')}>{lead.clientListingId}</Detail>
        </Grid.Item>
        <Grid.Item col={8} s={6} xs={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.timestamp', 'Portal timestamp')}>
            {lead.originTimestamp
              ? `${formatDate(lead.originTimestamp, { dateStyle: 'medium', timeStyle: 'medium' })}${lead.timestampRaw ? ` (${lead.timestampRaw})` : ''}`
              : lead.timestampRaw}
          </Detail>
        </Grid.Item>
      </Grid.Root>
      <Divider />
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {t('lead.extraData', 'Extra data (extraData)')}
      </Typography>
      {extra.length === 0 ? (
        <Typography textColor="neutral600">{t('lead.extraData.empty', 'The portal sent no extra data.')}</Typography>
      ) : (
        <Grid.Root gap={5} tag="dl" style={{ margin: 0 }}>
          {extra.map(([key, value]) => (
            <Grid.Item key={key} col={4} s={6} xs={12} direction="column" alignItems="stretch">
              <Detail label={key}>{value}</Detail>
            </Grid.Item>
          ))}
        </Grid.Root>
      )}
      <JsonBlock
        title={t('lead.payload', 'Raw payload (JSON)')}
        description={t('lead.payload.description', 'The body exactly as the portal posted it, parsed.')}
        value={lead.payload}
      />
    </Section>
  );
};
