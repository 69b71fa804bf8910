import * as React from 'react';
import { Box, Button, DatePicker, Field, Flex, Grid, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, isFetchError, useAPIErrorHandler, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { LeadsReport, ReportQuery } from '../../../../shared/contracts/reports';
import { Section } from '../../components/Section';
import { TableHeaders } from '../../components/TableHeaders';
import { PERMISSIONS } from '../../permissions';
import { downloadFile, filenameOf } from '../../utils/downloadFile';
import { getTranslation } from '../../utils/getTranslation';

const API = '/grupozap/reports';

type T = (id: string, defaultMessage: string, values?: Record<string, string | number>) => string;

/** YYYY-MM-DD of a date picked in the browser (its local calendar day). */
const toDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
/** The picker's Date (local midnight) of a YYYY-MM-DD day. */
const fromDay = (day: string): Date => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
};

/** 45 s, 12 min, 3 h 05 min, 2 d 4 h. */
const formatDuration = (seconds: number): string => {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(s / 86400)} d ${Math.round((s % 86400) / 3600)} h`;
};

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

const CountTable = ({ title, header, rows, t }: { title: string; header: string; rows: Array<{ label: string; leads: number }>; t: T }) => {
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

const STATUS_LABELS: Record<string, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  visit_scheduled: 'Visit scheduled',
  proposal: 'Proposal',
  won: 'Won',
  lost: 'Lost',
};

const ReportsPage = () => {
  const { formatMessage, locale } = useIntl();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const t: T = (id, defaultMessage, values) => formatMessage({ id: getTranslation(`reports.${id}`), defaultMessage }, values);

  const [report, setReport] = React.useState<LeadsReport | null>(null);
  const [period, setPeriod] = React.useState<ReportQuery>({});
  const [loading, setLoading] = React.useState(false);
  const [loadFailed, setLoadFailed] = React.useState(false);
  const [downloading, setDownloading] = React.useState(false);

  const load = React.useCallback(
    async (query: ReportQuery) => {
      setLoading(true);
      try {
        const { data } = await get<{ data: LeadsReport }>(API, { params: query });
        setReport(data.data);
        setPeriod({ from: data.data.from, to: data.data.to });
      } catch (error) {
        if (!report) setLoadFailed(true);
        else toggleNotification({ type: 'danger', message: isFetchError(error) ? formatAPIError(error) : t('failed', 'The report could not be made.') });
      } finally {
        setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [get]
  );

  React.useEffect(() => {
    void load({});
  }, [load]);

  const downloadCsv = async () => {
    setDownloading(true);
    try {
      const { data, headers } = await get<Blob>(`${API}/export`, { params: period, responseType: 'blob' });
      downloadFile(data, filenameOf(headers, 'leads-report.csv'));
    } catch (error) {
      toggleNotification({ type: 'danger', message: isFetchError(error) ? formatAPIError(error) : t('failed', 'The report could not be made.') });
    } finally {
      setDownloading(false);
    }
  };

  if (loadFailed) return <Page.Error />;
  if (!report) return <Page.Loading />;

  const none = t('none', '(none)');
  const { firstResponse } = report;

  return (
    <Page.Main>
      <Page.Title>{t('title', 'Reports')}</Page.Title>
      <Layouts.Header
        title={t('title', 'Reports')}
        subtitle={t('subtitle', 'Leads received in a period, days in {zone}. Anonymised leads count; homologation test leads do not.', {
          zone: report.timeZone,
        })}
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} loading={downloading} onClick={downloadCsv}>
            {t('csv', 'Download CSV')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void load(period);
            }}
          >
            <Section title={t('period.title', 'Period')}>
              <Grid.Root gap={4}>
                <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
                  <Field.Root name="from">
                    <Field.Label>{t('period.from', 'From')}</Field.Label>
                    <DatePicker
                      locale={locale}
                      value={period.from ? fromDay(period.from) : undefined}
                      onChange={(date?: Date) => setPeriod({ ...period, from: date ? toDay(date) : undefined })}
                      clearLabel={t('period.clear', 'Clear')}
                      onClear={() => setPeriod({ ...period, from: undefined })}
                    />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
                  <Field.Root name="to">
                    <Field.Label>{t('period.to', 'To')}</Field.Label>
                    <DatePicker
                      locale={locale}
                      value={period.to ? fromDay(period.to) : undefined}
                      onChange={(date?: Date) => setPeriod({ ...period, to: date ? toDay(date) : undefined })}
                      clearLabel={t('period.clear', 'Clear')}
                      onClear={() => setPeriod({ ...period, to: undefined })}
                    />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
                  <Box paddingTop={6}>
                    <Button type="submit" loading={loading}>
                      {t('period.apply', 'Show')}
                    </Button>
                  </Box>
                </Grid.Item>
              </Grid.Root>
            </Section>
          </form>

          <Section
            title={t('total', '{count, plural, =0 {No lead} one {# lead} other {# leads}} from {from} to {to}', {
              count: report.total,
              from: report.from,
              to: report.to,
            })}
          >
            <Grid.Root gap={6}>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <CountTable
                  t={t}
                  title={t('perStatus', 'Per status')}
                  header={t('status', 'Status')}
                  rows={report.perStatus.map((row) => ({ label: t(`status.${row.status}`, STATUS_LABELS[row.status] ?? row.status), leads: row.leads }))}
                />
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <CountTable
                  t={t}
                  title={t('perOrigin', 'Per origin')}
                  header={t('origin', 'Origin')}
                  rows={report.perOrigin.map((row) => ({ label: row.origin ?? none, leads: row.leads }))}
                />
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <CountTable
                  t={t}
                  title={t('perAdvertiser', 'Per advertiser')}
                  header={t('advertiser', 'Advertiser')}
                  rows={report.perAdvertiser.map((row) => ({ label: row.name ?? none, leads: row.leads }))}
                />
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Typography variant="delta" tag="h3">
                    {t('firstResponse', 'Median time to first response')}
                  </Typography>
                  {!firstResponse.available ? (
                    <Typography textColor="neutral600">{t('firstResponse.unavailable', 'Leads do not record their first response yet.')}</Typography>
                  ) : firstResponse.perAgent.length === 0 ? (
                    <Typography textColor="neutral600">{t('firstResponse.empty', 'No lead of this period has been answered yet.')}</Typography>
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
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <CountTable
                  t={t}
                  title={t('perDay', 'Per day')}
                  header={t('day', 'Day')}
                  rows={report.perDay.map((row) => ({ label: row.day, leads: row.leads }))}
                />
              </Grid.Item>
            </Grid.Root>
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedReportsPage = () => (
  <Page.Protect permissions={PERMISSIONS.reportsRead}>
    <ReportsPage />
  </Page.Protect>
);

export { ProtectedReportsPage as ReportsPage };
