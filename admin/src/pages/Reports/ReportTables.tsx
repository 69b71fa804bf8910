import { Box, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { LeadsReport } from '../../../../shared/contracts/reports';
import { TableHeaders } from '../../components/TableHeaders';
import { useTranslate } from '../../hooks/useTranslate';
import { formatDuration } from '../../utils/formatDuration';

/** A count with a bar of its share of the largest, so the table reads like a chart. */
const CountBar = ({ value, max }: { value: number; max: number }) => (
  <Flex gap={2}>
    <Box minWidth="3rem">
      <Typography textColor="neutral800">{value}</Typography>
    </Box>
    <Box background="neutral150" hasRadius width="12rem" height="0.5rem" aria-hidden>
      <Box background="primary600" hasRadius height="0.5rem" style={{ width: `${max ? Math.round((value / max) * 100) : 0}%` }} />
    </Box>
  </Flex>
);

/** The leads of the period counted by one thing (status, origin, advertiser, day). */
export const CountTable = ({
  title,
  header,
  rows,
}: {
  title: string;
  header: string;
  rows: Array<{ label: string; leads: number }>;
}) => {
  const t = useTranslate('reports');
  const max = Math.max(0, ...rows.map((row) => row.leads));
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="delta" tag="h3">
        {title}
      </Typography>
      {rows.length === 0 ? (
        <Typography textColor="neutral600">{t('empty', 'No lead in this period.')}</Typography>
      ) : (
        <Table colCount={2} rowCount={rows.length + 1}>
          <TableHeaders labels={[header, t('leads', 'Leads')]} />
          <Tbody>
            {rows.map((row) => (
              <Tr key={row.label}>
                <Td>
                  <Typography textColor="neutral800">{row.label}</Typography>
                </Td>
                <Td>
                  <CountBar value={row.leads} max={max} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Flex>
  );
};

/** The median time each agent took to first answer the period's leads. */
export const FirstResponseTable = ({ firstResponse }: { firstResponse: LeadsReport['firstResponse'] }) => {
  const t = useTranslate('reports');
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="delta" tag="h3">
        {t('firstResponse', 'Median time to first response')}
      </Typography>
      {!firstResponse.available ? (
        <Typography textColor="neutral600">
          {t('firstResponse.unavailable', 'Leads do not record their first response yet.')}
        </Typography>
      ) : firstResponse.perAgent.length === 0 ? (
        <Typography textColor="neutral600">
          {t('firstResponse.empty', 'No lead of this period has been answered yet.')}
        </Typography>
      ) : (
        <Table colCount={3} rowCount={firstResponse.perAgent.length + 1}>
          <TableHeaders labels={[t('agent', 'Agent'), t('responded', 'Answered leads'), t('median', 'Median')]} />
          <Tbody>
            {firstResponse.perAgent.map((row) => (
              <Tr key={row.agentId ?? 'none'}>
                <Td>
                  <Typography textColor="neutral800">{row.name ?? t('agent.unknown', '(unassigned)')}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">{row.responded}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">{formatDuration(row.medianSeconds)}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Flex>
  );
};
