import * as React from 'react';
import { Badge, Box, Button, Flex, IconButton, Tooltip, Typography } from '@strapi/design-system';
import { ArrowClockwise, Download } from '@strapi/icons';
import {
  Layouts,
  Page,
  Pagination,
  Table,
  useAuth,
  useQueryParams,
  useRBAC,
  withEncodedUserParams,
  deepEncodeQueryValues,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import type { LeadListItem } from '../../../../shared/contracts/leads';
import { BulkActions } from '../../components/leads/BulkActions';
import { Dash, LeadCheckboxCell, TextCell } from '../../components/leads/LeadCells';
import { LeadFilters, type FilterValues } from '../../components/leads/LeadFilters';
import { LeadSearch } from '../../components/leads/LeadSearch';
import { LeadStatusBadge, SlaState, formatPhone, phoneOf, userName } from '../../components/leads/labels';
import { useApiError } from '../../hooks/useApiError';
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
  const { formatDate, formatTime } = useIntl();
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
  const open = (lead: LeadListItem) => navigate({ pathname: leadPath(lead.documentId), search: listSearch });

  const exportView = async () => {
    // the search term goes in the body (kept out of request logs)
    const answer = await exportCsv(apiFiltersOf(query));
    if ('error' in answer) notifyError(answer.error, t('export.failed', 'The CSV could not be made.'));
  };

  if (!data && error) return <Page.Error />;

  const isNew = (lead: LeadListItem) => lastVisit !== null && new Date(lead.receivedAt).getTime() > lastVisit;
  const filtered = isFiltered(query);

  const headers: Array<Table.Header<LeadListItem, object>> = [
    { name: 'receivedAt', label: t('column.receivedAt', 'Received'), sortable: true },
    { name: 'name', label: t('column.name', 'Name'), sortable: true },
    { name: 'phoneE164', label: t('column.phone', 'Phone'), sortable: true },
    { name: 'email', label: t('column.email', 'E-mail'), sortable: true },
    { name: 'listing', label: t('column.listing', 'Listing'), sortable: false },
    { name: 'advertiser', label: t('column.advertiser', 'Advertiser'), sortable: false },
    { name: 'leadOrigin', label: t('column.origin', 'Origin'), sortable: true },
    { name: 'leadType', label: t('column.leadType', 'Lead type'), sortable: true },
    { name: 'temperature', label: t('column.temperature', 'Temperature'), sortable: true },
    { name: 'status', label: t('column.status', 'Status'), sortable: true },
    { name: 'assignee', label: t('column.assignee', 'Assignee'), sortable: false },
  ];

  return (
    <Page.Main>
      <Page.Title>{t('list.title', 'Leads')}</Page.Title>
      <Layouts.Header
        title={t('list.title', 'Leads')}
        subtitle={
          pagination
            ? pagination.totalIsExact
              ? t('list.subtitle', '{count, plural, =0 {No lead found} one {# lead found} other {# leads found}}', {
                  count: pagination.total,
                })
              : t('list.subtitleAtLeast', 'More than {count, number} leads found', { count: pagination.total })
            : undefined
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
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
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
              <Table.Empty
                content={
                  filtered
                    ? t('list.empty.filtered', 'No lead matches this search or these filters.')
                    : t('list.empty', 'No lead yet. Leads show here as soon as the portal posts them.')
                }
              />
              <Table.Body>
                {results.map((lead) => (
                  <Table.Row key={lead.id} cursor="pointer" onClick={() => open(lead)}>
                    {canUpdate && <LeadCheckboxCell lead={lead} />}
                    <Table.Cell>
                      <Typography
                        textColor="neutral800"
                        style={{ whiteSpace: 'nowrap' }}
                        title={formatDate(lead.receivedAt, { dateStyle: 'full', timeStyle: 'medium' })}
                      >
                        {formatDate(lead.receivedAt, { dateStyle: 'short', timeStyle: 'short' })}
                      </Typography>
                    </Table.Cell>
                    <Table.Cell>
                      <Flex gap={2}>
                        <Typography
                          tag={Link}
                          to={{ pathname: leadPath(lead.documentId), search: listSearch }}
                          onClick={(event: React.MouseEvent) => event.stopPropagation()}
                          textColor="neutral800"
                          fontWeight="semiBold"
                          ellipsis
                          maxWidth="18rem"
                          style={{ textDecoration: 'none' }}
                        >
                          {lead.name || t('list.noName', '(no name)')}
                        </Typography>
                        {isNew(lead) && (
                          <Tooltip label={t('list.new.hint', 'Received since your last visit')}>
                            <Box tag="span" display="inline-flex" data-testid="lead-new-badge">
                              <Badge variant="success" size="S">
                                {t('list.new', 'New')}
                              </Badge>
                            </Box>
                          </Tooltip>
                        )}
                        {lead.isTest && <Badge size="S">{t('list.test', 'Test')}</Badge>}
                      </Flex>
                    </Table.Cell>
                    <Table.Cell>
                      <TextCell>
                        {phoneOf(lead) && <span style={{ whiteSpace: 'nowrap' }}>{formatPhone(phoneOf(lead))}</span>}
                      </TextCell>
                    </Table.Cell>
                    <Table.Cell>
                      <TextCell maxWidth="16rem">{lead.email}</TextCell>
                    </Table.Cell>
                    <Table.Cell>
                      {lead.listing ? (
                        <Flex direction="column" alignItems="flex-start">
                          <Typography textColor="neutral800">{lead.listing.clientListingId}</Typography>
                          {lead.listing.title && (
                            <Typography variant="pi" textColor="neutral600" ellipsis maxWidth="14rem" tag="div">
                              {lead.listing.title}
                            </Typography>
                          )}
                        </Flex>
                      ) : lead.clientListingId ? (
                        <Flex gap={1} direction="column" alignItems="flex-start">
                          <Typography textColor="neutral800">{lead.clientListingId}</Typography>
                          <Badge variant="warning" size="S">
                            {t('listing.notMatched', 'Not matched')}
                          </Badge>
                        </Flex>
                      ) : (
                        <Dash />
                      )}
                    </Table.Cell>
                    <Table.Cell>
                      <TextCell maxWidth="14rem">{lead.advertiser?.name}</TextCell>
                    </Table.Cell>
                    <Table.Cell>
                      <TextCell maxWidth="10rem">{lead.leadOrigin}</TextCell>
                    </Table.Cell>
                    <Table.Cell>
                      <TextCell maxWidth="12rem">{lead.leadType}</TextCell>
                    </Table.Cell>
                    <Table.Cell>
                      <TextCell>{lead.temperature}</TextCell>
                    </Table.Cell>
                    <Table.Cell>
                      <Flex gap={1} direction="column" alignItems="flex-start">
                        <LeadStatusBadge status={lead.status} />
                        <SlaState overdue={lead.overdue} secondsLeft={lead.slaSecondsLeft} />
                      </Flex>
                    </Table.Cell>
                    <Table.Cell>
                      <TextCell maxWidth="12rem">{userName(lead.assignee)}</TextCell>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Content>
          </Table.Root>
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
