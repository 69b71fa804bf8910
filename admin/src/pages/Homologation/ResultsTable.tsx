import { Badge, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { HomologationCaseKey, HomologationCaseResult, HomologationProblem } from '../../../../shared/contracts/homologation';
import { TableHeaders } from '../../components/TableHeaders';
import { useTranslate } from '../../hooks/useTranslate';

const CASE_NAMES: Record<HomologationCaseKey, string> = {
  lead: 'Test lead',
  duplicate: 'The same lead again (duplicate)',
  wrongCredential: 'Wrong credential',
  missingListing: 'Lead without clientListingId',
};

const PROBLEMS: Record<HomologationProblem, string> = {
  NO_ANSWER: 'Nothing answered: {error}',
  NOT_STORED_HERE: 'Accepted, but this CRM has no such lead: the URL reaches another server.',
  NOT_SAME_LEAD: 'The duplicate was not counted on the first lead.',
  STORED_DESPITE_REFUSAL: 'Refused, yet a lead was stored.',
};

/** One row per case: what the portal expects, what came back, how long it took, the verdict. */
export const ResultsTable = ({ cases }: { cases: HomologationCaseResult[] }) => {
  const t = useTranslate('homologation.results');

  const headers = [t('case', 'Case'), t('expected', 'Expected'), t('got', 'Got'), t('time', 'Time'), t('result', 'Result')];

  return (
    <Table colCount={headers.length} rowCount={cases.length + 1}>
      <TableHeaders labels={headers} />
      <Tbody>
        {cases.map((row) => (
          <Tr key={row.key}>
            <Td>
              <Typography fontWeight="semiBold" textColor="neutral800">
                {t(`case.${row.key}`, CASE_NAMES[row.key])}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{String(row.expected)}</Typography>
            </Td>
            <Td>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Typography textColor="neutral800">
                  {row.got ? [row.got, row.code].filter(Boolean).join(' ') : t('noAnswer', 'No answer')}
                </Typography>
                {row.problem && (
                  <Typography variant="pi" textColor={row.pass ? 'neutral600' : 'danger600'}>
                    {t(`problem.${row.problem}`, PROBLEMS[row.problem], { error: row.error ?? '' })}
                  </Typography>
                )}
              </Flex>
            </Td>
            <Td>
              <Typography textColor="neutral800">{t('ms', '{ms} ms', { ms: row.ms })}</Typography>
            </Td>
            <Td>
              <Badge variant={row.pass ? 'success' : 'danger'}>{row.pass ? t('pass', 'Pass') : t('fail', 'Fail')}</Badge>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
