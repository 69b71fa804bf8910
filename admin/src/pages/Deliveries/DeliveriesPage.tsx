import * as React from 'react';
import { Badge, Button, Flex, SingleSelect, SingleSelectOption, TextButton, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, Pagination, Table, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import {
  DELIVERY_CODES,
  DELIVERY_OUTCOMES,
  type DeliveryListItem,
  type DeliveryOutcome,
} from '../../../../shared/contracts/deliveries';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { useDeliveriesQuery } from '../../services/deliveries';
import { pageLinksOf } from '../../utils/pageLinksOf';
import { DeliveryModal } from './DeliveryModal';
import { describeCode, OUTCOME_LABELS } from './labels';
import { OutcomeBadge } from './OutcomeBadge';
const DEFAULT_PAGE_SIZE = 20;
const PAGE_SIZES = ['10', '20', '50', '100'];

/** The page's state, all in the URL: filters, page, and the delivery open in the modal. */
interface DeliveriesQuery {
  outcome?: string;
  code?: string;
  page?: string;
  pageSize?: string;
  id?: string;
}

const positiveInt = (value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 ? Math.min(number, max) : fallback;
};

const isOutcome = (value: unknown): value is DeliveryOutcome => DELIVERY_OUTCOMES.includes(value as DeliveryOutcome);
const isCode = (value: unknown): value is string => (DELIVERY_CODES as readonly string[]).includes(value as string);

const DeliveriesPage = () => {
  const { formatDate } = useIntl();
  const t = useTranslate('deliveries');
  const [{ query }, setQuery] = useQueryParams<DeliveriesQuery>();
  const {
    isLoading: isLoadingRBAC,
    allowedActions: { canReplay },
  } = useRBAC(PERMISSIONS.deliveriesReplay);

  // what the URL asks, kept to values the server takes (a hand-edited URL must not break the page)
  const outcome = isOutcome(query.outcome) ? query.outcome : undefined;
  const code = isCode(query.code) ? query.code : undefined;
  const page = positiveInt(query.page, 1);
  const pageSize = positiveInt(query.pageSize, DEFAULT_PAGE_SIZE, 100);

  const deliveries = useDeliveriesQuery({ outcome, code, page, pageSize }, { refetchOnMountOrArgChange: true });
  const list = deliveries.data ?? null;
  const isLoading = deliveries.isFetching;
  const reload = () => void deliveries.refetch();

  const filter = (next: Partial<Pick<DeliveriesQuery, 'outcome' | 'code'>>) => setQuery({ ...next, page: '1', id: undefined });
  const open = (documentId: string) => setQuery({ id: documentId });
  const close = React.useCallback(() => setQuery({ id: undefined }), [setQuery]);

  const when = (iso: string) => formatDate(iso, { dateStyle: 'short', timeStyle: 'medium' });
  const outcomeLabel = (value: DeliveryOutcome) => t(`outcome.${value}`, OUTCOME_LABELS[value]);

  const headers: Table.Header<DeliveryListItem, object>[] = [
    { name: 'receivedAt', label: t('column.receivedAt', 'Time') },
    { name: 'outcome', label: t('column.outcome', 'Outcome') },
    { name: 'httpStatus', label: t('column.httpStatus', 'HTTP status') },
    { name: 'code', label: t('column.code', 'Reason code') },
    { name: 'ip', label: t('column.ip', 'IP') },
    { name: 'advertiserKey', label: t('column.advertiserKey', 'Advertiser key') },
    { name: 'durationMs', label: t('column.durationMs', 'Duration') },
  ];

  if (deliveries.isError && !list) return <Page.Error />;

  const results = list?.results ?? [];
  const filtered = Boolean(outcome || code);

  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>{t('title', 'Deliveries')}</Page.Title>
      <Layouts.Header
        title={t('title', 'Deliveries')}
        subtitle={t(
          'subtitle',
          'Every request of the portal to the lead route, accepted or refused. Open a refused one to see what it sent, and replay it once its cause is fixed.'
        )}
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={reload} loading={isLoading && list !== null}>
            {t('refresh', 'Refresh')}
          </Button>
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2} wrap="wrap">
            <SingleSelect
              size="S"
              aria-label={t('filter.outcome', 'Outcome')}
              placeholder={t('filter.outcome.all', 'All outcomes')}
              value={outcome ?? ''}
              onChange={(value: string | number) => filter({ outcome: String(value) })}
              onClear={outcome ? () => filter({ outcome: undefined }) : undefined}
              clearLabel={t('filter.outcome.clear', 'Show every outcome')}
            >
              {DELIVERY_OUTCOMES.map((value) => (
                <SingleSelectOption key={value} value={value}>
                  {outcomeLabel(value)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <SingleSelect
              size="S"
              aria-label={t('filter.code', 'Reason code')}
              placeholder={t('filter.code.all', 'All reason codes')}
              value={code ?? ''}
              onChange={(value: string | number) => filter({ code: String(value) })}
              onClear={code ? () => filter({ code: undefined }) : undefined}
              clearLabel={t('filter.code.clear', 'Show every reason code')}
            >
              {DELIVERY_CODES.map((value) => (
                <SingleSelectOption key={value} value={value}>
                  {value}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Flex>
        }
      />
      <Layouts.Content>
        <Table.Root rows={results} headers={headers} isLoading={isLoading && list === null}>
          <Table.Content>
            <Table.Head>
              {headers.map((header) => (
                <Table.HeaderCell key={header.name} {...header} />
              ))}
            </Table.Head>
            <Table.Empty
              content={
                filtered
                  ? t('empty.filtered', 'No delivery matches these filters.')
                  : t('empty', 'No delivery yet: the portal has not posted to the lead route.')
              }
            />
            <Table.Loading />
            <Table.Body>
              {results.map((delivery) => {
                const description = describeCode(t, delivery.code);
                return (
                  <Table.Row key={delivery.documentId} onClick={() => open(delivery.documentId)} style={{ cursor: 'pointer' }}>
                    <Table.Cell>
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        {/* the row opens on click; this button is the way in for the keyboard and screen readers */}
                        <TextButton
                          aria-label={t('open', 'Details of the delivery of {time}', { time: when(delivery.receivedAt) })}
                          onClick={(event: React.MouseEvent) => {
                            event.stopPropagation();
                            open(delivery.documentId);
                          }}
                        >
                          {when(delivery.receivedAt)}
                        </TextButton>
                        {delivery.method === 'REPLAY' && (
                          <Badge size="S" variant="alternative">
                            {t('replayBadge', 'Replay')}
                          </Badge>
                        )}
                      </Flex>
                    </Table.Cell>
                    <Table.Cell>
                      <OutcomeBadge outcome={delivery.outcome} />
                    </Table.Cell>
                    <Table.Cell>
                      <Typography textColor="neutral800">{delivery.httpStatus}</Typography>
                    </Table.Cell>
                    <Table.Cell>
                      <Typography textColor="neutral800" title={description}>
                        {delivery.code}
                      </Typography>
                    </Table.Cell>
                    <Table.Cell>
                      <Typography textColor="neutral800">{delivery.ip || '—'}</Typography>
                    </Table.Cell>
                    <Table.Cell>
                      <Typography textColor="neutral800">{delivery.advertiserKey || '—'}</Typography>
                    </Table.Cell>
                    <Table.Cell>
                      <Typography textColor="neutral800">
                        {delivery.durationMs === null ? '—' : t('durationValue', '{ms} ms', { ms: delivery.durationMs })}
                      </Typography>
                    </Table.Cell>
                  </Table.Row>
                );
              })}
            </Table.Body>
          </Table.Content>
        </Table.Root>
        <Pagination.Root {...(list && pageLinksOf(list.pagination))} defaultPageSize={DEFAULT_PAGE_SIZE}>
          <Pagination.PageSize options={PAGE_SIZES} />
          <Pagination.Links />
        </Pagination.Root>
      </Layouts.Content>
      {query.id && !isLoadingRBAC && (
        <DeliveryModal
          key={query.id}
          documentId={query.id}
          canReplay={canReplay}
          onClose={close}
          // the list is read again by itself: a replay invalidates it
          onReplayed={close}
        />
      )}
    </Page.Main>
  );
};

const ProtectedDeliveriesPage = () => (
  <Page.Protect permissions={PERMISSIONS.deliveriesRead}>
    <DeliveriesPage />
  </Page.Protect>
);

export { ProtectedDeliveriesPage as DeliveriesPage };
