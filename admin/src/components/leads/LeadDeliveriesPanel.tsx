import { Badge, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { DeliveryOutcome } from '../../../../shared/contracts/deliveries';
import type { LeadDetail } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { TableHeaders } from '../TableHeaders';
import { useTranslate } from '../../hooks/useTranslate';
import { OutcomeBadge } from '../../pages/Deliveries/OutcomeBadge';

/** Every time the portal posted this lead, and what it was answered. */
export const LeadDeliveriesPanel = ({ lead }: { lead: LeadDetail }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const columns = [
    t('deliveries.receivedAt', 'Received'),
    t('deliveries.outcome', 'Result'),
    t('deliveries.answer', 'Answer'),
    t('deliveries.ip', 'IP'),
    t('deliveries.duration', 'Time'),
  ];
  return (
    <Section title={t('deliveries.title', 'Delivery history')}>
      <Typography textColor="neutral600">
        {t('deliveries.subtitle', 'Every time the portal posted this lead, and what it was answered.')}
      </Typography>
      {lead.deliveries.length === 0 ? (
        <Typography textColor="neutral600">{t('deliveries.empty', 'No delivery is logged for this lead.')}</Typography>
      ) : (
        <Table colCount={columns.length} rowCount={lead.deliveries.length + 1}>
          <TableHeaders labels={columns} />
          <Tbody>
            {lead.deliveries.map((delivery) => (
              <Tr key={delivery.id}>
                <Td>
                  <Typography textColor="neutral800" style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(delivery.receivedAt, { dateStyle: 'short', timeStyle: 'medium' })}
                  </Typography>
                </Td>
                <Td>
                  <Flex gap={1}>
                    <OutcomeBadge outcome={delivery.outcome as DeliveryOutcome} size="S" />
                    {delivery.method === 'REPLAY' && <Badge size="S">{t('deliveries.replay', 'Replay')}</Badge>}
                  </Flex>
                </Td>
                <Td>
                  <Typography textColor="neutral800">
                    {delivery.httpStatus} {delivery.code}
                  </Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">{delivery.ip ?? '–'}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">
                    {delivery.durationMs === null ? '–' : `${delivery.durationMs} ms`}
                  </Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Section>
  );
};
