import * as React from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Divider,
  Field,
  Flex,
  Grid,
  Link,
  LinkButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Textarea,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowLeft, ArrowRight, Discuss, Mail, Phone } from '@strapi/icons';
import {
  Layouts,
  Page,
  isFetchError,
  useAPIErrorHandler,
  useFetchClient,
  useNotification,
  useQueryParams,
  useRBAC,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink, useParams } from 'react-router-dom';
import type { DeliveryOutcome } from '../../../../shared/contracts/deliveries';
import type { AdminUserRef, LeadDetail, LeadNote, LeadStatus, LeadUpdateBody } from '../../../../shared/contracts/leads';
import { mailtoHref, telHref } from '../../../../shared/contact-links';
import { displayText } from '../../utils/displayText';
import { TableHeaders } from '../../components/TableHeaders';
import { OutcomeBadge } from '../Deliveries/OutcomeBadge';
import { ClippedText } from '../../components/leads/ClippedText';
import { JsonBlock } from '../../components/leads/JsonBlock';
import {
  LeadStatusBadge,
  OverdueBadge,
  SlaState,
  formatDuration,
  formatPhone,
  phoneOf,
  useLeadsT,
  useStatusLabels,
  useTransactionLabel,
  userName,
} from '../../components/leads/labels';
import { useInboxOptions } from '../../hooks/useInboxOptions';
import { useLeadNeighbours, type Neighbour } from '../../hooks/useLeadNeighbours';
import { PERMISSIONS } from '../../permissions';
import { INBOX_PATH, apiSortOf, isFiltered, leadPath, searchOf, type ListUrlQuery } from './listQuery';

/** A white panel with a heading, as the Content Manager's edit view groups its fields. */
const Panel = ({ title, children, action }: { title: string; children: React.ReactNode; action?: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" paddingTop={6} paddingBottom={6} paddingLeft={7} paddingRight={7}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {action}
      </Flex>
      {children}
    </Flex>
  </Box>
);

/**
 * One labelled value (its label above, as the admin's read-only fields). `children` is an element
 * or any value of the lead: a value is shown as text, whatever JSON the portal put there.
 */
const Detail = ({ label, children }: { label: string; children?: unknown }) => {
  const shown = React.isValidElement(children) ? children : displayText(children === false ? null : children);
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Typography variant="sigma" textColor="neutral600" tag="dt">
        {label}
      </Typography>
      <Typography textColor="neutral800" tag="dd" style={{ margin: 0, overflowWrap: 'anywhere' }}>
        {shown === '' ? <Typography textColor="neutral500">–</Typography> : typeof shown === 'string' ? <ClippedText text={shown} /> : shown}
      </Typography>
    </Flex>
  );
};

/** 45 s, 12 min, 3 h 05 min, 2 d 4 h. */
const Notes = ({ lead, canUpdate, onAdded }: { lead: LeadDetail; canUpdate: boolean; onAdded: (note: LeadNote) => void }) => {
  const t = useLeadsT();
  const { formatDate } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [body, setBody] = React.useState('');
  const [saving, setSaving] = React.useState(false);

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setSaving(true);
    try {
      const { data } = await post<{ data: LeadNote }>(`/grupozap/leads/${lead.documentId}/notes`, { body });
      onAdded(data.data);
      setBody('');
      toggleNotification({ type: 'success', message: t('notes.added', 'Note added') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: isFetchError(error) ? formatAPIError(error) : t('notes.failed', 'The note could not be added.') });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Panel title={t('notes.title', 'Notes')}>
      {canUpdate && (
        <form onSubmit={add}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Field.Root name="note" hint={t('notes.hint', 'Only the CRM’s users see notes; the portal and the client do not.')}>
              <Field.Label>{t('notes.label', 'New note')}</Field.Label>
              <Textarea
                value={body}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setBody(event.target.value)}
                placeholder={t('notes.placeholder', 'What was said, what comes next…')}
                maxLength={10000}
              />
              <Field.Hint />
            </Field.Root>
            <Flex justifyContent="flex-end">
              <Button type="submit" variant="secondary" loading={saving} disabled={!body.trim()}>
                {t('notes.add', 'Add note')}
              </Button>
            </Flex>
          </Flex>
        </form>
      )}
      {lead.notes.length === 0 ? (
        <Typography textColor="neutral600">{t('notes.empty', 'No note yet.')}</Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={3} tag="ol" aria-label={t('notes.list', 'Notes on this lead')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {lead.notes.map((note) => (
            <Box key={note.id} tag="li" background="neutral100" hasRadius padding={4}>
              <Flex justifyContent="space-between" gap={2} paddingBottom={2} wrap="wrap">
                <Typography fontWeight="bold" textColor="neutral800">
                  {userName(note.author) || t('notes.unknownAuthor', 'A removed user')}
                </Typography>
                <Typography variant="pi" textColor="neutral600" tag="time" dateTime={note.createdAt}>
                  {formatDate(note.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </Typography>
              </Flex>
              <Typography textColor="neutral800" style={{ whiteSpace: 'pre-wrap' }}>
                {note.body}
              </Typography>
            </Box>
          ))}
        </Flex>
      )}
    </Panel>
  );
};

const Deliveries = ({ lead }: { lead: LeadDetail }) => {
  const t = useLeadsT();
  const { formatDate } = useIntl();
  const columns = [
    t('deliveries.receivedAt', 'Received'),
    t('deliveries.outcome', 'Result'),
    t('deliveries.answer', 'Answer'),
    t('deliveries.ip', 'IP'),
    t('deliveries.duration', 'Time'),
  ];
  return (
    <Panel title={t('deliveries.title', 'Delivery history')}>
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
                  <Typography textColor="neutral800">{delivery.durationMs === null ? '–' : `${delivery.durationMs} ms`}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Panel>
  );
};

const LeadPageContent = ({ documentId }: { documentId: string }) => {
  const t = useLeadsT();
  const { formatDate } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const { statusOptions, statusLabel } = useStatusLabels();
  const transactionLabel = useTransactionLabel();
  const {
    allowedActions: { canUpdate },
  } = useRBAC(PERMISSIONS.leadsUpdate);
  const [{ query }] = useQueryParams<ListUrlQuery>();
  const { options } = useInboxOptions();
  const neighbours = useLeadNeighbours(documentId, query);

  const [lead, setLead] = React.useState<LeadDetail | null>(null);
  const [failure, setFailure] = React.useState<'notFound' | 'error' | null>(null);
  const [saving, setSaving] = React.useState<'status' | 'assignee' | null>(null);

  React.useEffect(() => {
    // stepping to the previous or next lead starts at its top (the admin scrolls its main column)
    document.querySelector('[data-strapi-main-content]')?.scrollTo({ top: 0 });
    window.scrollTo({ top: 0 });
  }, [documentId]);

  React.useEffect(() => {
    let active = true;
    setFailure(null);
    get<{ data: LeadDetail }>(`/grupozap/leads/${encodeURIComponent(documentId)}`)
      .then(({ data }) => active && setLead(data.data))
      .catch((error) => {
        if (!active || (error as { name?: string })?.name === 'AbortError') return;
        setFailure(isFetchError(error) && error.status === 404 ? 'notFound' : 'error');
      });
    return () => {
      active = false;
    };
  }, [documentId, get]);

  const update = async (field: 'status' | 'assignee', changes: LeadUpdateBody, done: string) => {
    setSaving(field);
    try {
      const { data } = await put<{ data: LeadDetail }>(`/grupozap/leads/${encodeURIComponent(documentId)}`, changes);
      // the answer has no neighbours: keep the ones shown
      setLead((previous) => (previous ? { ...previous, ...data.data, previous: previous.previous, next: previous.next } : data.data));
      toggleNotification({ type: 'success', message: done });
    } catch (error) {
      toggleNotification({ type: 'danger', message: isFetchError(error) ? formatAPIError(error) : t('lead.saveFailed', 'The lead could not be saved.') });
    } finally {
      setSaving(null);
    }
  };

  if (failure === 'notFound') {
    return (
      <Page.Main>
        <Layouts.Header title={t('lead.notFound', 'Lead not found')} navigationAction={<BackLink query={query} page={null} />} />
        <Layouts.Content>
          <Page.NoData />
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (failure) return <Page.Error />;
  if (!lead || lead.documentId !== documentId) return <Page.Loading />;

  // off the view (a direct link): the newest-first order of every lead, the server's neighbours
  const unfilteredDefault = !isFiltered(query) && apiSortOf(query.sort) === 'receivedAt:desc';
  const fallback = !neighbours.isLoading && neighbours.position === null && unfilteredDefault;
  const previous: Neighbour | null = fallback ? (lead.previous ? { documentId: lead.previous, name: null, page: 0 } : null) : neighbours.previous;
  const next: Neighbour | null = fallback ? (lead.next ? { documentId: lead.next, name: null, page: 0 } : null) : neighbours.next;
  const stepTo = (neighbour: Neighbour) => ({
    pathname: leadPath(neighbour.documentId),
    search: searchOf(neighbour.page ? { ...query, page: String(neighbour.page) } : query),
  });

  const assigneeChoices: AdminUserRef[] =
    lead.assignee && !options.assignees.some((user) => user.id === lead.assignee?.id) ? [...options.assignees, lead.assignee] : options.assignees;
  const phone = displayText(phoneOf(lead));
  const tel = telHref(lead.phoneE164 || phone);
  const whatsApp = typeof lead.phoneE164 === 'string' && lead.phoneE164 ? `https://wa.me/${lead.phoneE164.replace(/\D/g, '')}` : null;
  const mailto = mailtoHref(lead.email);
  const extra = lead.extraData && typeof lead.extraData === 'object' ? Object.entries(lead.extraData) : [];

  return (
    <Page.Main>
      <Page.Title>{`${lead.name || t('list.noName', '(no name)')} – ${t('list.title', 'Leads')}`}</Page.Title>
      <Layouts.Header
        navigationAction={<BackLink query={query} page={neighbours.page} />}
        title={lead.name || t('list.noName', '(no name)')}
        subtitle={t('lead.subtitle', 'Received {date} from {origin}', {
          date: formatDate(lead.receivedAt, { dateStyle: 'long', timeStyle: 'short' }),
          origin: lead.leadOrigin || t('lead.unknownOrigin', 'an unknown origin'),
        })}
        secondaryAction={
          <Flex gap={2}>
            <LeadStatusBadge status={lead.status} />
            {lead.overdue && <OverdueBadge />}
            {lead.isTest && <Badge>{t('list.test', 'Test')}</Badge>}
          </Flex>
        }
        primaryAction={
          <Flex gap={2} tag="nav" aria-label={t('lead.stepper', 'Leads of the list')}>
            {neighbours.position !== null && neighbours.total !== null && (
              <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'nowrap' }}>
                {neighbours.totalIsExact
                  ? t('lead.position', '{position, number} of {total, number}', { position: neighbours.position, total: neighbours.total })
                  : t('lead.positionAtLeast', '{position, number} of {total, number}+', { position: neighbours.position, total: neighbours.total })}
              </Typography>
            )}
            <StepLink to={previous && stepTo(previous)} name={previous?.name} direction="previous" />
            <StepLink to={next && stepTo(next)} name={next?.name} direction="next" />
          </Flex>
        }
      />
      <Layouts.Content>
        <Grid.Root gap={4}>
          <Grid.Item col={8} s={12} direction="column" alignItems="stretch" gap={4}>
            {lead.anonymizedAt && (
              <Alert variant="default" closeLabel={t('lead.close', 'Close')} title={t('lead.anonymized.title', 'Anonymised')}>
                {t('lead.anonymized', 'This lead’s personal data was erased on {date}.', {
                  date: formatDate(lead.anonymizedAt, { dateStyle: 'long' }),
                })}
              </Alert>
            )}
            <Panel title={t('lead.contact', 'Contact')}>
              <Grid.Root gap={5} tag="dl" style={{ margin: 0 }}>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.name', 'Name')}>{lead.name}</Detail>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.email', 'E-mail')}>
                    {mailto ? (
                      <Link href={mailto} startIcon={<Mail />}>
                        {displayText(lead.email)}
                      </Link>
                    ) : (
                      lead.email
                    )}
                  </Detail>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.phone', 'Phone')}>
                    {phone && (
                      <Flex gap={3} wrap="wrap">
                        {tel ? (
                          <Link href={tel} startIcon={<Phone />}>
                            {formatPhone(phone)}
                          </Link>
                        ) : (
                          formatPhone(phone)
                        )}
                        {whatsApp && (
                          <Link href={whatsApp} isExternal startIcon={<Discuss />}>
                            WhatsApp
                          </Link>
                        )}
                      </Flex>
                    )}
                  </Detail>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.phoneAsSent', 'Phone as sent')}>
                    {[lead.ddd && `(${displayText(lead.ddd)})`, displayText(lead.phone)].filter(Boolean).join(' ') || lead.payload?.phoneNumber}
                  </Detail>
                </Grid.Item>
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.message', 'Message')}>
                    {lead.message ? (
                      <Box tag="span" display="block" background="neutral100" hasRadius padding={4} style={{ whiteSpace: 'pre-wrap' }}>
                        <ClippedText text={displayText(lead.message)} />
                      </Box>
                    ) : null}
                  </Detail>
                </Grid.Item>
              </Grid.Root>
            </Panel>

            <Panel title={t('lead.portal', 'What the portal sent')}>
              <Grid.Root gap={5} tag="dl" style={{ margin: 0 }}>
                <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.origin', 'Origin')}>{lead.leadOrigin}</Detail>
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.leadType', 'Lead type')}>{lead.leadType}</Detail>
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.temperature', 'Temperature')}>{lead.temperature}</Detail>
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.transactionType', 'Transaction type')}>{transactionLabel(lead.transactionType)}</Detail>
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.originLeadId', 'Portal lead id')}>{lead.originLeadId}</Detail>
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.originListingId', 'Portal listing id')}>{lead.originListingId}</Detail>
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.clientListingId', 'Listing code (clientListingId)')}>{lead.clientListingId}</Detail>
                </Grid.Item>
                <Grid.Item col={8} s={6} xs={12} direction="column" alignItems="stretch">
                  <Detail label={t('lead.timestamp', 'Portal timestamp')}>
                    {lead.originTimestamp
                      ? `${formatDate(lead.originTimestamp, { dateStyle: 'medium', timeStyle: 'medium' })}${lead.timestampRaw ? ` (${lead.timestampRaw})` : ''}`
                      : lead.timestampRaw}
                  </Detail>
                </Grid.Item>
              </Grid.Root>
              <Divider />
              <Typography variant="sigma" textColor="neutral600" tag="h3">
                {t('lead.extraData', 'Extra data (extraData)')}
              </Typography>
              {extra.length === 0 ? (
                <Typography textColor="neutral600">{t('lead.extraData.empty', 'The portal sent no extra data.')}</Typography>
              ) : (
                <Grid.Root gap={5} tag="dl" style={{ margin: 0 }}>
                  {extra.map(([key, value]) => (
                    <Grid.Item key={key} col={4} s={6} xs={12} direction="column" alignItems="stretch">
                      <Detail label={key}>{value}</Detail>
                    </Grid.Item>
                  ))}
                </Grid.Root>
              )}
              <JsonBlock
                title={t('lead.payload', 'Raw payload (JSON)')}
                description={t('lead.payload.description', 'The body exactly as the portal posted it, parsed.')}
                value={lead.payload}
              />
            </Panel>

            <Notes
              lead={lead}
              canUpdate={canUpdate}
              onAdded={(note) => setLead((previous) => (previous ? { ...previous, notes: [note, ...previous.notes] } : previous))}
            />
            <Deliveries lead={lead} />
          </Grid.Item>

          <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={4}>
            <Panel title={t('lead.work', 'Work this lead')}>
              <Field.Root name="status" hint={canUpdate ? undefined : t('lead.readOnly', 'Your role may read leads, not change them.')}>
                <Field.Label>{t('lead.status', 'Status')}</Field.Label>
                <SingleSelect
                  value={lead.status}
                  disabled={!canUpdate || saving !== null}
                  loading={saving === 'status'}
                  onChange={(value) => {
                    const status = String(value) as LeadStatus;
                    if (status !== lead.status)
                      void update('status', { status }, t('lead.statusSaved', 'Status changed to {status}', { status: statusLabel(status) }));
                  }}
                >
                  {statusOptions.map((option) => (
                    <SingleSelectOption key={option.value} value={option.value}>
                      {option.label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
              <Field.Root name="assignee">
                <Field.Label>{t('lead.assignee', 'Assignee')}</Field.Label>
                <SingleSelect
                  value={lead.assignee ? String(lead.assignee.id) : 'none'}
                  disabled={!canUpdate || saving !== null}
                  loading={saving === 'assignee'}
                  onChange={(value) => {
                    const assignee = value === 'none' ? null : Number(value);
                    if (assignee === (lead.assignee?.id ?? null)) return;
                    const user = assigneeChoices.find((choice) => choice.id === assignee);
                    void update(
                      'assignee',
                      { assignee },
                      user ? t('lead.assigned', 'Assigned to {user}', { user: userName(user) }) : t('lead.unassigned', 'The lead is assigned to nobody')
                    );
                  }}
                >
                  <SingleSelectOption value="none">{t('assignee.nobody', 'Nobody (unassigned)')}</SingleSelectOption>
                  {assigneeChoices.map((user) => (
                    <SingleSelectOption key={user.id} value={String(user.id)}>
                      {userName(user)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Flex direction="column" alignItems="stretch" gap={4} tag="dl" style={{ margin: 0 }}>
                {lead.assignedAt && lead.assignee && (
                  <Detail label={t('lead.assignedAt', 'Assigned')}>{formatDate(lead.assignedAt, { dateStyle: 'medium', timeStyle: 'short' })}</Detail>
                )}
                {lead.firstRespondedAt ? (
                  <Detail label={t('lead.firstResponse', 'First response')}>
                    {t('lead.firstResponse.value', '{date}, after {duration}{by}', {
                      date: formatDate(lead.firstRespondedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                      duration: formatDuration(lead.firstResponseSeconds ?? 0),
                      by: lead.firstResponder ? ` (${userName(lead.firstResponder)})` : '',
                    })}
                  </Detail>
                ) : (
                  lead.slaDueAt && (
                    <Detail label={t('lead.slaDueAt', 'First response due')}>
                      <Flex gap={2} wrap="wrap">
                        {formatDate(lead.slaDueAt, { dateStyle: 'medium', timeStyle: 'short' })}
                        <SlaState overdue={lead.overdue} secondsLeft={lead.slaSecondsLeft} />
                      </Flex>
                    </Detail>
                  )
                )}
              </Flex>
            </Panel>

            <Panel title={t('lead.listing', 'Listing and advertiser')}>
              <Flex direction="column" alignItems="stretch" gap={4} tag="dl" style={{ margin: 0 }}>
                <Detail label={t('lead.advertiser', 'Advertiser')}>
                  {lead.advertiser && (
                    <>
                      {lead.advertiser.name}{' '}
                      <Typography variant="pi" textColor="neutral600">
                        ({lead.advertiser.slug})
                      </Typography>
                    </>
                  )}
                </Detail>
                <Detail label={t('lead.listing.code', 'Listing')}>
                  {lead.listing ? (
                    <>
                      {lead.listing.clientListingId}
                      {lead.listing.title && (
                        <Typography tag="div" variant="pi" textColor="neutral600">
                          {lead.listing.title}
                        </Typography>
                      )}
                    </>
                  ) : lead.clientListingId ? (
                    <Flex direction="column" alignItems="flex-start" gap={1}>
                      {lead.clientListingId}
                      <Badge variant="warning" size="S">
                        {t('listing.notMatched', 'Not matched')}
                      </Badge>
                      <Typography variant="pi" textColor="neutral600">
                        {t('lead.listing.notMatched', 'No listing of the advertiser has this code yet; the lead is linked when one is created.')}
                      </Typography>
                    </Flex>
                  ) : (
                    t('lead.listing.none', 'None (this kind of lead has no listing)')
                  )}
                </Detail>
              </Flex>
            </Panel>

            <Panel title={t('lead.info', 'Information')}>
              <Flex direction="column" alignItems="stretch" gap={4} tag="dl" style={{ margin: 0 }}>
                <Detail label={t('lead.receivedAt', 'Received')}>{formatDate(lead.receivedAt, { dateStyle: 'medium', timeStyle: 'medium' })}</Detail>
                <Detail label={t('lead.deliveryCount', 'Deliveries')}>{lead.deliveryCount}</Detail>
                {lead.lastDeliveredAt && (
                  <Detail label={t('lead.lastDeliveredAt', 'Last delivered')}>
                    {formatDate(lead.lastDeliveredAt, { dateStyle: 'medium', timeStyle: 'medium' })}
                  </Detail>
                )}
                <Detail label={t('lead.documentId', 'Lead id in the CRM')}>{lead.documentId}</Detail>
              </Flex>
            </Panel>
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

/** Previous or next lead of the view: a link, or a disabled button at either end. */
const StepLink = ({
  to,
  name,
  direction,
}: {
  to: { pathname: string; search: string } | null;
  name: string | null | undefined;
  direction: 'previous' | 'next';
}) => {
  const t = useLeadsT();
  const label = direction === 'previous' ? t('lead.previous', 'Previous') : t('lead.next', 'Next');
  const icons = direction === 'previous' ? { startIcon: <ArrowLeft /> } : { endIcon: <ArrowRight /> };
  if (!to) {
    return (
      <Button variant="tertiary" disabled {...icons}>
        {label}
      </Button>
    );
  }
  return (
    <LinkButton tag={NavLink} to={to} variant="tertiary" title={name ?? undefined} {...icons}>
      {label}
    </LinkButton>
  );
};

/** Back to the inbox, in the view the lead was opened from (on the page the lead is on). */
const BackLink = ({ query, page }: { query: ListUrlQuery; page: number | null }) => {
  const t = useLeadsT();
  const search = searchOf(page ? { ...query, page: String(page) } : query);
  return (
    <Link tag={NavLink} to={{ pathname: INBOX_PATH, search }} startIcon={<ArrowLeft />}>
      {t('lead.back', 'Back to the leads')}
    </Link>
  );
};

const LeadPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  if (!documentId) return <Page.Error />;
  return <LeadPageContent documentId={documentId} />;
};

const ProtectedLeadPage = () => (
  <Page.Protect permissions={PERMISSIONS.leadsRead}>
    <LeadPage />
  </Page.Protect>
);

export { ProtectedLeadPage as LeadPage };
