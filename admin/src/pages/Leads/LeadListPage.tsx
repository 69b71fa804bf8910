import * as React from 'react';
import { Button, EmptyStateLayout, Flex, IconButton, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise, Download } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import {
  Layouts,
  Page,
  Pagination,
  Table,
  useAuth,
  useIsMobile,
  useQueryParams,
  useRBAC,
  withEncodedUserParams,
  deepEncodeQueryValues,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useLocation, useNavigate } from 'react-router-dom';
import { LEAD_SORTABLE_FIELDS, type LeadListItem } from '../../../../shared/contracts/leads';
import { BulkActions } from '../../components/leads/BulkActions';
import { ColumnChooser } from '../../components/leads/ColumnChooser';
import { LeadCards } from '../../components/leads/LeadCards';
import {
  FollowUpCell,
  LeadCheckboxCell,
  ListingCell,
  PersonCell,
  ReceivedAt,
  StatusCell,
  TextCell,
} from '../../components/leads/LeadCells';
import { LeadFilters, type FilterValues } from '../../components/leads/LeadFilters';
import { LeadSearch } from '../../components/leads/LeadSearch';
import { useTransactionLabel, userName } from '../../components/leads/labels';
import { useApiError } from '../../hooks/useApiError';
import { useInboxColumns, type OptionalColumn } from '../../hooks/useInboxColumns';
import { useLastVisit } from '../../hooks/useLastVisit';
import { useLeadList } from '../../hooks/useLeadList';
import { useTranslate } from '../../hooks/useTranslate';
import { leadPath } from '../../paths';
import { PERMISSIONS } from '../../permissions';
import { useExportLeadsMutation, useInboxOptions } from '../../services/leads';
import { pageLinksOf } from '../../utils/pageLinksOf';
import {
  INITIAL_QUERY,
  PAGE_SIZES,
  apiFiltersOf,
  apiSearchOf,
  filtersOf,
  isFiltered,
  pageSizeOf,
  searchOf,
  type ListUrlQuery,
} from './listQuery';

const POLL_MS = 15_000;
/** canUpdate (bulk changes) and canExport (the CSV), as useRBAC names them. */
const ACTIONS = [...PERMISSIONS.leadsUpdate, ...PERMISSIONS.leadsExport];

const LeadListPage = () => {
  const t = useTranslate('leads');
  const { formatTime } = useIntl();
  const navigate = useNavigate();
  const { search } = useLocation();
  const { notifyError } = useApiError();
  const userId = useAuth('LeadListPage', (auth) => auth.user?.id);
  const {
    allowedActions: { canUpdate, canExport },
  } = useRBAC(ACTIONS);

  const [{ query }, setQuery] = useQueryParams<ListUrlQuery>(INITIAL_QUERY);
  // the default view is written into the URL, so the sort shows in the header and the link shares it
  React.useEffect(() => {
    if (!search) setQuery(INITIAL_QUERY, 'push', true);
  }, [search, setQuery]);

  const view = React.useMemo(() => apiSearchOf(query), [query]);
  const { data, error, isLoading, refetch, updatedAt } = useLeadList(view, { pollMs: POLL_MS });
  const options = useInboxOptions();
  const lastVisit = useLastVisit(userId);
  const columns = useInboxColumns(userId);
  const transactionLabel = useTransactionLabel();
  // a phone gets cards (the Design System's medium breakpoint, 768 px, as the admin's own menus)
  const isMobile = useIsMobile();
  const [exportCsv, { isLoading: exporting }] = useExportLeadsMutation();
  const [selected, setSelected] = React.useState<LeadListItem[]>([]);

  const results = React.useMemo(() => data?.results ?? [], [data]);
  const pagination = data?.pagination;

  // a refresh keeps the selection, holding the rows' new versions; rows gone from the view leave it
  React.useEffect(() => {
    setSelected((previous) => {
      const next = previous.flatMap((row) => results.filter((lead) => lead.id === row.id));
      return next.length === previous.length && next.every((row, index) => row === previous[index]) ? previous : next;
    });
  }, [results]);

  // past the last page (the view shrank): go to the last one, as the Content Manager does
  React.useEffect(() => {
    if (pagination && pagination.pageCount > 0 && pagination.page > pagination.pageCount) {
      setQuery(withEncodedUserParams(query, { page: String(pagination.pageCount) }), 'push', true);
    }
  }, [pagination, query, setQuery]);

  React.useEffect(() => {
    if (error) notifyError(error, t('list.failed', 'The leads could not be loaded.'));
  }, [error, notifyError, t]);

  const setFilters = (filters: FilterValues) =>
    setQuery({
      ...withEncodedUserParams(query, { page: '1' }),
      filters: deepEncodeQueryValues(filters) as ListUrlQuery['filters'],
    });

  const listSearch = searchOf(query);
  const linkTo = (lead: LeadListItem) => ({ pathname: leadPath(lead.documentId), search: listSearch });
  const open = (lead: LeadListItem) => navigate(linkTo(lead));

  const exportView = async () => {
    // the search term goes in the body (kept out of request logs)
    const answer = await exportCsv(apiFiltersOf(query));
    if ('error' in answer) notifyError(answer.error, t('export.failed', 'The CSV could not be made.'));
  };

  if (!data && error) return <Page.Error />;

  const perPerson = filtersOf(query).perPerson === 'true';
  const isNew = (lead: LeadListItem) => lastVisit !== null && new Date(lead.receivedAt).getTime() > lastVisit;
  const emptyText = isFiltered(query)
    ? t('list.empty.filtered', 'No lead matches this search or these filters.')
    : t('list.empty', 'No lead yet. Leads show here as soon as the portal posts them.');

  const optionalLabels: Record<OptionalColumn, string> = {
    followUpAt: t('column.followUpAt', 'Next step'),
    advertiser: t('column.advertiser', 'Advertiser'),
    leadOrigin: t('column.origin', 'Origin'),
    leadType: t('column.leadType', 'Lead type'),
    temperature: t('column.temperature', 'Temperature'),
    transactionType: t('column.transactionType', 'Transaction type'),
  };
  // the five an agent works with first (they fit 1280 px with the admin's menus), then those chosen
  const headers: Array<Table.Header<LeadListItem, object>> = [
    { name: 'name', label: t('column.person', 'Contact'), sortable: true },
    { name: 'status', label: t('column.status', 'Status'), sortable: true },
    { name: 'assignee', label: t('column.assignee', 'Assignee'), sortable: false },
    { name: 'listing', label: t('column.listing', 'Listing'), sortable: false },
    { name: 'receivedAt', label: t('column.receivedAt', 'Received'), sortable: true },
    ...columns.shown.map((name) => ({
      name,
      label: optionalLabels[name],
      sortable: (LEAD_SORTABLE_FIELDS as readonly string[]).includes(name),
    })),
  ];

  const cellOf = (lead: LeadListItem, name: string): React.ReactNode => {
    switch (name) {
      case 'name':
        return <PersonCell lead={lead} to={linkTo(lead)} isNew={isNew(lead)} />;
      case 'status':
        return <StatusCell lead={lead} />;
      case 'assignee':
        return <TextCell maxWidth="10rem">{userName(lead.assignee)}</TextCell>;
      case 'listing':
        return <ListingCell lead={lead} />;
      case 'receivedAt':
        return <ReceivedAt at={lead.receivedAt} />;
      case 'followUpAt':
        return <FollowUpCell lead={lead} />;
      case 'advertiser':
        return <TextCell maxWidth="12rem">{lead.advertiser?.name}</TextCell>;
      case 'transactionType':
        return <TextCell maxWidth="10rem">{transactionLabel(lead.transactionType)}</TextCell>;
      default:
        return <TextCell maxWidth="10rem">{lead[name as 'leadOrigin' | 'leadType' | 'temperature']}</TextCell>;
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('list.title', 'Leads')}</Page.Title>
      <Layouts.Header
        title={t('list.title', 'Leads')}
        subtitle={
          !pagination
            ? undefined
            : perPerson
              ? pagination.totalIsExact
                ? t('list.subtitlePeople', '{count, plural, =0 {No person found} one {# person found} other {# people found}}', {
                    count: pagination.total,
                  })
                : t('list.subtitlePeopleAtLeast', 'More than {count, number} people found', { count: pagination.total })
              : pagination.totalIsExact
                ? t('list.subtitle', '{count, plural, =0 {No lead found} one {# lead found} other {# leads found}}', {
                    count: pagination.total,
                  })
                : t('list.subtitleAtLeast', 'More than {count, number} leads found', { count: pagination.total })
        }
        primaryAction={
          canExport ? (
            <Button variant="secondary" startIcon={<Download />} loading={exporting} onClick={exportView}>
              {t('export.button', 'Export CSV')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Action
        startActions={
          <>
            <LeadSearch query={query} setQuery={setQuery} />
            <LeadFilters value={filtersOf(query)} options={options} onChange={setFilters} />
          </>
        }
        endActions={
          <Flex gap={2}>
            {updatedAt && (
              <Typography variant="pi" textColor="neutral600" aria-live="polite">
                {t('list.updatedAt', 'Updated at {time}', { time: formatTime(updatedAt, { timeStyle: 'medium' }) })}
              </Typography>
            )}
            <IconButton label={t('list.refresh', 'Refresh')} onClick={() => void refetch()} variant="tertiary">
              <ArrowClockwise />
            </IconButton>
            {!isMobile && <ColumnChooser columns={columns} labels={optionalLabels} />}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {isMobile ? (
            isLoading ? (
              <Flex justifyContent="center" padding={8}>
                <Loader>{t('list.loading', 'Loading the leads')}</Loader>
              </Flex>
            ) : results.length === 0 ? (
              <EmptyStateLayout icon={<EmptyDocuments width="16rem" />} content={emptyText} />
            ) : (
              <LeadCards leads={results} linkTo={linkTo} open={open} isNew={isNew} />
            )
          ) : (
            <Table.Root
              rows={results}
              headers={headers}
              isLoading={isLoading}
              selectedRows={selected}
              onSelectedRowsChange={setSelected}
            >
              {canUpdate && <BulkActions options={options} />}
              <Table.Content>
                <Table.Head>
                  {canUpdate && <Table.HeaderCheckboxCell />}
                  {headers.map((header) => (
                    <Table.HeaderCell key={header.name} {...header} />
                  ))}
                </Table.Head>
                <Table.Loading>{t('list.loading', 'Loading the leads')}</Table.Loading>
                <Table.Empty content={emptyText} />
                <Table.Body>
                  {results.map((lead) => (
                    <Table.Row key={lead.id} cursor="pointer" onClick={() => open(lead)}>
                      {canUpdate && <LeadCheckboxCell lead={lead} />}
                      {headers.map((header) => (
                        <Table.Cell key={header.name}>{cellOf(lead, header.name)}</Table.Cell>
                      ))}
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Content>
            </Table.Root>
          )}
          {pagination && (
            <Pagination.Root {...pageLinksOf(pagination)} defaultPageSize={pageSizeOf(query)}>
              <Pagination.PageSize options={PAGE_SIZES} />
              <Pagination.Links />
            </Pagination.Root>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedLeadListPage = () => (
  <Page.Protect permissions={PERMISSIONS.leadsRead}>
    <LeadListPage />
  </Page.Protect>
);

export { ProtectedLeadListPage as LeadListPage };
