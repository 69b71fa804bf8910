import { Flex } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { LeadDetail } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { useTranslate } from '../../hooks/useTranslate';
import { Detail } from './Detail';

/** When the lead came, how often the portal sent it, and its id in the CRM. */
export const LeadInfoPanel = ({ lead }: { lead: LeadDetail }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  return (
    <Section title={t('lead.info', 'Information')}>
      <Flex direction="column" alignItems="stretch" gap={4} tag="dl" style={{ margin: 0 }}>
        <Detail label={t('lead.receivedAt', 'Received')}>
          {formatDate(lead.receivedAt, { dateStyle: 'medium', timeStyle: 'medium' })}
        </Detail>
        <Detail label={t('lead.deliveryCount', 'Deliveries')}>{lead.deliveryCount}</Detail>
        {lead.lastDeliveredAt && (
          <Detail label={t('lead.lastDeliveredAt', 'Last delivered')}>
            {formatDate(lead.lastDeliveredAt, { dateStyle: 'medium', timeStyle: 'medium' })}
          </Detail>
        )}
        <Detail label={t('lead.documentId', 'Lead id in the CRM')}>{lead.documentId}</Detail>
      </Flex>
    </Section>
  );
};
