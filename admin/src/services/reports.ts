import type { LeadsReport, ReportQuery } from '../../../shared/contracts/reports';
import { downloadFile, filenameOf } from '../utils/downloadFile';
import { dataOf, getFile, grupozapApi, type DownloadedFile } from './api';

const reportsApi = grupozapApi.injectEndpoints({
  endpoints: (builder) => ({
    /** The leads of a period (whole days in the CRM's time zone; the last 30 by default). */
    grupozapReport: builder.query<LeadsReport, ReportQuery>({
      query: (period) => ({ url: '/grupozap/reports', config: { params: period } }),
      transformResponse: dataOf<LeadsReport>,
      providesTags: ['GrupozapReport'],
    }),

    /** The same report as a CSV file, handed to the browser. */
    grupozapDownloadReport: builder.mutation<DownloadedFile, ReportQuery>({
      async queryFn(period) {
        const answer = await getFile('/grupozap/reports/export', period);
        if ('error' in answer) return { error: answer.error };
        const filename = filenameOf(answer.data.headers, 'leads-report.csv');
        downloadFile(answer.data.blob, filename);
        return { data: { filename } };
      },
    }),
  }),
});

export const { useGrupozapReportQuery: useReportQuery, useGrupozapDownloadReportMutation: useDownloadReportMutation } =
  reportsApi;
