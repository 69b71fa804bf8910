import * as React from 'react';
import { Box, Button, DatePicker, Field, Flex, Grid } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { LeadsReport, ReportQuery } from '../../../../shared/contracts/reports';
import { Loaded } from '../../components/Loaded';
import { Section } from '../../components/Section';
import { useStatusLabels } from '../../components/leads/labels';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { useDownloadReportMutation, useReportQuery } from '../../services/reports';
import { fromDay, toDay } from '../../utils/days';
import { CountTable, FirstResponseTable } from './ReportTables';

const samePeriod = (a: ReportQuery, b: ReportQuery) => a.from === b.from && a.to === b.to && a.tz === b.tz;

/** The leads of a period: per status, origin, advertiser and day, and the agents' first responses. */
const ReportsPage = () => {
  const t = useTranslate('reports');
  const { locale } = useIntl();
  const { notifyError } = useApiError();
  const { statusLabel } = useStatusLabels();
  /** The period asked (the last 30 days at first); `period` is the one in the form. */
  const [asked, setAsked] = React.useState<ReportQuery>({});
  const [period, setPeriod] = React.useState<ReportQuery>({});
  const report = useReportQuery(asked, { refetchOnMountOrArgChange: true });
  const [downloadReport, { isLoading: downloading }] = useDownloadReportMutation();

  // the form shows the period each answer covers (the defaults written out)
  const [shownReport, setShownReport] = React.useState<LeadsReport | undefined>();
  if (report.data && report.data !== shownReport) {
    setShownReport(report.data);
    setPeriod({ from: report.data.from, to: report.data.to });
  }

  // a period that fails with a report on screen: said, the report kept (a first failure is the error page)
  const failedAgain = report.isError && report.data ? report.error : undefined;
  React.useEffect(() => {
    if (failedAgain) notifyError(failedAgain, t('failed', 'The report could not be made.'));
  }, [failedAgain, notifyError, t]);

  const show = () => (samePeriod(period, asked) ? void report.refetch() : setAsked(period));

  const downloadCsv = async () => {
    const answer = await downloadReport(period);
    if ('error' in answer) notifyError(answer.error, t('failed', 'The report could not be made.'));
  };

  return (
    <Loaded queries={{ report }}>
      {({ report: shown }) => {
        const none = t('none', '(none)');
        return (
          <Page.Main>
            <Page.Title>{t('title', 'Reports')}</Page.Title>
            <Layouts.Header
              title={t('title', 'Reports')}
              subtitle={t(
                'subtitle',
                'Leads received in a period, days in {zone}. Anonymised leads count; homologation test leads do not.',
                {
                  zone: shown.timeZone,
                }
              )}
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
                    show();
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
                          <Button type="submit" loading={report.isFetching}>
                            {t('period.apply', 'Show')}
                          </Button>
                        </Box>
                      </Grid.Item>
                    </Grid.Root>
                  </Section>
                </form>

                <Section
                  title={
                    shown.total
                      ? t(
                          'totalWithPeople',
                          '{count, plural, =0 {No lead} one {# lead} other {# leads}} ({people, plural, one {# person} other {# people}}) from {from} to {to}',
                          { count: shown.total, people: shown.people, from: shown.from, to: shown.to }
                        )
                      : t('total', '{count, plural, =0 {No lead} one {# lead} other {# leads}} from {from} to {to}', {
                          count: 0,
                          from: shown.from,
                          to: shown.to,
                        })
                  }
                >
                  <Grid.Root gap={6}>
                    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                      <CountTable
                        title={t('perStatus', 'Per status')}
                        header={t('status', 'Status')}
                        rows={shown.perStatus.map((row) => ({ label: statusLabel(row.status), leads: row.leads }))}
                      />
                    </Grid.Item>
                    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                      <CountTable
                        title={t('perOrigin', 'Per origin')}
                        header={t('origin', 'Origin')}
                        rows={shown.perOrigin.map((row) => ({ label: row.origin ?? none, leads: row.leads }))}
                      />
                    </Grid.Item>
                    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                      <CountTable
                        title={t('perAdvertiser', 'Per advertiser')}
                        header={t('advertiser', 'Advertiser')}
                        rows={shown.perAdvertiser.map((row) => ({ label: row.name ?? none, leads: row.leads }))}
                      />
                    </Grid.Item>
                    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                      <FirstResponseTable firstResponse={shown.firstResponse} />
                    </Grid.Item>
                    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                      <CountTable
                        title={t('lostReasons.title', 'Losses by reason')}
                        header={t('lostReasons.reason', 'Reason')}
                        rows={(shown.perLostReason ?? []).map((row) => ({
                          label: row.reason ?? t('lostReasons.none', '(no reason)'),
                          leads: row.leads,
                        }))}
                      />
                    </Grid.Item>
                    <Grid.Item col={12} direction="column" alignItems="stretch">
                      <CountTable
                        title={t('perDay', 'Per day')}
                        header={t('day', 'Day')}
                        rows={shown.perDay.map((row) => ({ label: row.day, leads: row.leads }))}
                      />
                    </Grid.Item>
                  </Grid.Root>
                </Section>
              </Flex>
            </Layouts.Content>
          </Page.Main>
        );
      }}
    </Loaded>
  );
};

const ProtectedReportsPage = () => (
  <Page.Protect permissions={PERMISSIONS.reportsRead}>
    <ReportsPage />
  </Page.Protect>
);

export { ProtectedReportsPage as ReportsPage };
