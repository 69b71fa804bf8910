import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  Link,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download, Search, Trash } from '@strapi/icons';
import {
  ConfirmDialog,
  Layouts,
  Page,
  isFetchError,
  useAPIErrorHandler,
  useFetchClient,
  useNotification,
  useRBAC,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type {
  PrivacyAuditEntry,
  PrivacyCounts,
  PrivacyErasure,
  PrivacyExport,
  PrivacySearchResult,
  PrivacySubjectBody,
  RetentionPreview,
  SubjectKind,
} from '../../../../shared/contracts/privacy';
import { Section } from '../../components/Section';
import { PERMISSIONS } from '../../permissions';
import { PLUGIN_ID } from '../../pluginId';
import { TableHeaders } from '../../components/TableHeaders';
import { downloadFile } from '../../utils/downloadFile';
import { getTranslation } from '../../utils/getTranslation';

const API = '/grupozap/privacy';
const KINDS: SubjectKind[] = ['email', 'phone', 'cpf'];
const KIND_LABELS: Record<SubjectKind, string> = { email: 'E-mail', phone: 'Phone', cpf: 'CPF' };
const PLACEHOLDERS: Record<SubjectKind, string> = {
  email: 'nome@exemplo.com.br',
  phone: '(48) 98862-7634',
  cpf: '000.000.000-00',
};

/** The first field error of Strapi's ValidationError, if that is what `error` is. */
const fieldErrorOf = (error: unknown): string | null => {
  if (!isFetchError(error)) return null;
  const details = error.response?.data.error.details as { errors?: { path: string[]; message: string }[] } | undefined;
  return details?.errors?.[0]?.message ?? null;
};

type T = (id: string, defaultMessage: string, values?: Record<string, string | number>) => string;

const total = (counts: PrivacyCounts): number => counts.leads + counts.notes + counts.deliveries;

const Cell = ({ children }: { children: React.ReactNode }) => (
  <Td>
    <Typography textColor="neutral800">{children ?? '—'}</Typography>
  </Td>
);

/** What the retention setting does now: off, or how many rows tonight's run would anonymise. */
const RetentionLine = ({ retention, t }: { retention: RetentionPreview | null; t: T }) => {
  const { formatDate } = useIntl();
  if (!retention) return null;
  if (retention.retentionDays === null) {
    return (
      <Typography textColor="neutral800" data-testid="retention-line">
        {t(
          'retention.off',
          'Retention is off: leads are kept until someone erases them. Set retentionDays in the plugin config to anonymise, every night, the leads older than that many days.'
        )}
      </Typography>
    );
  }
  return (
    <Typography textColor="neutral800" data-testid="retention-line">
      {t(
        'retention.on',
        'Leads are kept {days} days. Every night at 03:30 the leads received before {cutoff} are anonymised, with their notes and deliveries: {leads, plural, =0 {no lead} one {# lead} other {# leads}} and {deliveries, plural, =0 {no delivery} one {# delivery} other {# deliveries}} would be now.',
        {
          days: retention.retentionDays,
          cutoff: retention.cutoff ? formatDate(retention.cutoff, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
          leads: retention.leadsAffected,
          deliveries: retention.deliveriesAffected,
        }
      )}
    </Typography>
  );
};

const PrivacyPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const {
    allowedActions: { canErase },
  } = useRBAC(PERMISSIONS.privacyErase);
  const t: T = (id, defaultMessage, values) => formatMessage({ id: getTranslation(`privacy.${id}`), defaultMessage }, values);
  const when = (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'short', timeStyle: 'short' }) : '—');

  const [retention, setRetention] = React.useState<RetentionPreview | null>(null);
  const [audit, setAudit] = React.useState<PrivacyAuditEntry[]>([]);
  const [loadFailed, setLoadFailed] = React.useState(false);
  const [kind, setKind] = React.useState<SubjectKind>('email');
  const [value, setValue] = React.useState('');
  const [valueError, setValueError] = React.useState<string | undefined>();
  const [searching, setSearching] = React.useState(false);
  const [exporting, setExporting] = React.useState(false);
  const [result, setResult] = React.useState<PrivacySearchResult | null>(null);
  /** The request the result answers: export and erase act on it, not on what is typed since. */
  const [asked, setAsked] = React.useState<PrivacySubjectBody | null>(null);
  const [confirmErase, setConfirmErase] = React.useState(false);

  const loadStatus = React.useCallback(async () => {
    const [retentionAnswer, auditAnswer] = await Promise.all([
      get<{ data: RetentionPreview }>(`${API}/retention`),
      get<{ data: PrivacyAuditEntry[] }>(`${API}/audit`),
    ]);
    setRetention(retentionAnswer.data.data);
    setAudit(auditAnswer.data.data);
  }, [get]);

  React.useEffect(() => {
    loadStatus().catch(() => setLoadFailed(true));
  }, [loadStatus]);

  const failed = (error: unknown, fallback: string) =>
    toggleNotification({ type: 'danger', message: isFetchError(error) ? formatAPIError(error) : fallback });

  const search = async (body: PrivacySubjectBody) => {
    setSearching(true);
    try {
      const { data } = await post<{ data: PrivacySearchResult }>(`${API}/search`, body);
      setResult(data.data);
      setAsked(body);
      setValueError(undefined);
      void loadStatus().catch(() => undefined);
    } catch (error) {
      const fieldError = fieldErrorOf(error);
      if (fieldError) setValueError(fieldError);
      else failed(error, t('search.failed', 'The search failed.'));
    } finally {
      setSearching(false);
    }
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!value.trim()) {
      setValueError(t('search.required', 'Type what to search for'));
      return;
    }
    void search({ kind, value: value.trim() });
  };

  const exportJson = async () => {
    if (!asked) return;
    setExporting(true);
    try {
      // the admin's fetch client reads a POST's answer as JSON whatever is asked: written out again here
      const { data } = await post<PrivacyExport>(`${API}/export`, asked);
      downloadFile(JSON.stringify(data, null, 2), `personal-data-${asked.kind}-${data.exportedAt.slice(0, 10)}.json`, 'application/json');
      void loadStatus().catch(() => undefined);
    } catch (error) {
      failed(error, t('export.failed', 'The export failed.'));
    } finally {
      setExporting(false);
    }
  };

  const erase = async () => {
    if (!asked) return;
    try {
      const { data } = await post<{ data: PrivacyErasure }>(`${API}/erase`, asked);
      const { redacted, ...anonymised } = data.data;
      const done = t('erase.done', 'Anonymised: {leads} leads, {notes} notes, {deliveries} deliveries.', { ...anonymised });
      toggleNotification({
        type: 'success',
        message: total(redacted)
          ? `${done} ${t('erase.redacted', 'Mentions taken out of {leads} other leads, {notes} notes and {deliveries} deliveries of other people.', { ...redacted })}`
          : done,
      });
      await search(asked);
    } catch (error) {
      failed(error, t('erase.failed', 'The data could not be erased.'));
    } finally {
      setConfirmErase(false);
    }
  };

  if (loadFailed) return <Page.Error />;
  if (!retention) return <Page.Loading />;

  const found = result ? result.counts.leads + result.counts.deliveries + total(result.mentions) : 0;
  const actionLabels: Record<PrivacyAuditEntry['action'], string> = {
    search: t('audit.action.search', 'Search'),
    export: t('audit.action.export', 'Export'),
    erase: t('audit.action.erase', 'Erase'),
    retention: t('audit.action.retention', 'Retention'),
  };

  return (
    <Page.Main>
      <Page.Title>{t('title', 'Privacy (LGPD)')}</Page.Title>
      <Layouts.Header
        title={t('title', 'Privacy (LGPD)')}
        subtitle={t('subtitle', 'What this CRM keeps about a person, for how long, and their requests: see, export, erase.')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section title={t('retention.title', 'Retention')}>
            <RetentionLine retention={retention} t={t} />
          </Section>

          <form onSubmit={submit} noValidate>
            <Section
              title={t('search.title', 'Find a person')}
              subtitle={t(
                'search.subtitle',
                'By e-mail, phone (any spelling) or CPF, in the leads, their notes and every delivery the portal made, refused ones included, and in what others’ leads, notes and deliveries say. Each search is recorded in the audit log.'
              )}
            >
              <Grid.Root gap={4}>
                <Grid.Item col={3} xs={12} direction="column" alignItems="stretch">
                  <Field.Root name="kind">
                    <Field.Label>{t('search.kind', 'Search by')}</Field.Label>
                    <SingleSelect
                      value={kind}
                      onChange={(next: string | number) => {
                        setKind(next as SubjectKind);
                        setValueError(undefined);
                      }}
                    >
                      {KINDS.map((option) => (
                        <SingleSelectOption key={option} value={option}>
                          {t(`kind.${option}`, KIND_LABELS[option])}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <Field.Root name="value" error={valueError} required>
                    <Field.Label>{t(`kind.${kind}`, KIND_LABELS[kind])}</Field.Label>
                    <TextInput
                      value={value}
                      placeholder={PLACEHOLDERS[kind]}
                      autoComplete="off"
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                        setValue(event.target.value);
                        setValueError(undefined);
                      }}
                    />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={3} xs={12} direction="column" alignItems="stretch" justifyContent="flex-end">
                  <Box paddingTop={6}>
                    <Button type="submit" startIcon={<Search />} loading={searching}>
                      {t('search.button', 'Search')}
                    </Button>
                  </Box>
                </Grid.Item>
              </Grid.Root>
            </Section>
          </form>

          {result && (
            <Section
              title={t('results.title', 'What is held')}
              subtitle={t(
                'results.summary',
                '{leads, plural, =0 {No lead} one {# lead} other {# leads}}, {notes, plural, =0 {no note} one {# note} other {# notes}} and {deliveries, plural, =0 {no delivery} one {# delivery} other {# deliveries}} for {value}.',
                { ...result.counts, value: result.subject.value }
              )}
            >
              {total(result.mentions) > 0 && (
                <Typography textColor="neutral800" data-testid="privacy-mentions">
                  {t(
                    'results.mentions',
                    'Also mentioned in {leads, plural, =0 {no lead} one {# lead} other {# leads}}, {notes, plural, =0 {no note} one {# note} other {# notes}} and {deliveries, plural, =0 {no delivery} one {# delivery} other {# deliveries}} of other people. Erasing replaces each mention with “[removido]” and keeps the rest, which is theirs.',
                    { ...result.mentions }
                  )}
                </Typography>
              )}
              <Flex gap={2}>
                <Button variant="secondary" startIcon={<Download />} loading={exporting} disabled={!found} onClick={exportJson}>
                  {t('export.button', 'Export JSON')}
                </Button>
                {canErase && (
                  <Button variant="danger-light" startIcon={<Trash />} disabled={!found} onClick={() => setConfirmErase(true)}>
                    {t('erase.button', 'Erase')}
                  </Button>
                )}
              </Flex>

              {result.leads.length > 0 && (
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Typography variant="delta" tag="h3">
                    {t('leads.title', 'Leads')}
                  </Typography>
                  <Table colCount={8} rowCount={result.leads.length + 1}>
                    <TableHeaders
                      labels={[
                        t('leads.receivedAt', 'Received'),
                        t('leads.name', 'Name'),
                        t('leads.email', 'E-mail'),
                        t('leads.phone', 'Phone'),
                        t('leads.advertiser', 'Advertiser'),
                        t('leads.status', 'Status'),
                        t('leads.held', 'Notes / deliveries'),
                        t('leads.anonymizedAt', 'Anonymised'),
                      ]}
                    />
                    <Tbody>
                      {result.leads.map((lead) => (
                        <Tr key={lead.documentId}>
                          <Td>
                            <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/leads/${lead.documentId}`}>
                              {when(lead.receivedAt)}
                            </Link>
                          </Td>
                          <Cell>{lead.name}</Cell>
                          <Cell>{lead.email}</Cell>
                          <Cell>{lead.phoneE164}</Cell>
                          <Cell>{lead.advertiser}</Cell>
                          <Cell>{lead.status}</Cell>
                          <Cell>{`${lead.notes} / ${lead.deliveries}`}</Cell>
                          <Cell>{lead.anonymizedAt ? when(lead.anonymizedAt) : null}</Cell>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                </Flex>
              )}

              {result.deliveries.length > 0 && (
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Typography variant="delta" tag="h3">
                    {t('deliveries.title', 'Deliveries (raw bodies)')}
                  </Typography>
                  <Table colCount={5} rowCount={result.deliveries.length + 1}>
                    <TableHeaders
                      labels={[
                        t('deliveries.receivedAt', 'Received'),
                        t('deliveries.answer', 'Answer'),
                        t('deliveries.advertiserKey', 'Advertiser key'),
                        t('deliveries.lead', 'Lead'),
                        t('deliveries.held', 'Holds'),
                      ]}
                    />
                    <Tbody>
                      {result.deliveries.map((delivery) => (
                        <Tr key={delivery.documentId}>
                          <Cell>{when(delivery.receivedAt)}</Cell>
                          <Td>
                            <Flex gap={2}>
                              <Badge variant={delivery.httpStatus < 300 ? 'success' : 'danger'}>{delivery.httpStatus}</Badge>
                              <Typography textColor="neutral800">{delivery.code}</Typography>
                            </Flex>
                          </Td>
                          <Cell>{delivery.advertiserKey}</Cell>
                          <Td>
                            {delivery.lead ? (
                              <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/leads/${delivery.lead}`}>
                                {t('deliveries.openLead', 'Open')}
                              </Link>
                            ) : (
                              <Typography textColor="neutral600">{t('deliveries.noLead', 'none (refused)')}</Typography>
                            )}
                          </Td>
                          <Cell>
                            {[delivery.hasBody && t('deliveries.body', 'raw body'), delivery.hasIp && t('deliveries.ip', 'IP')].filter(Boolean).join(', ') ||
                              t('deliveries.nothing', 'nothing personal')}
                          </Cell>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                </Flex>
              )}

              {(result.counts.leads > result.leads.length || result.counts.deliveries > result.deliveries.length) && (
                <Typography variant="pi" textColor="neutral600">
                  {t('results.more', 'Only the first rows are listed; the export and the erasure take them all.')}
                </Typography>
              )}
            </Section>
          )}

          <Section
            title={t('audit.title', 'Audit log')}
            subtitle={t(
              'audit.subtitle',
              'Every search, export, erasure and retention run: who, when, how many. The person is kept only as a keyed hash (reference), never their e-mail, phone or CPF.'
            )}
          >
            {audit.length === 0 ? (
              <Typography textColor="neutral600">{t('audit.empty', 'Nothing yet.')}</Typography>
            ) : (
              <Table colCount={7} rowCount={audit.length + 1}>
                <TableHeaders
                  labels={[
                    t('audit.when', 'When'),
                    t('audit.action', 'Action'),
                    t('audit.user', 'Admin user'),
                    t('audit.kind', 'By'),
                    t('audit.reference', 'Reference'),
                    t('audit.counts', 'Leads / notes / deliveries'),
                    t('audit.mentions', 'Mentions in others’ records'),
                  ]}
                />
                <Tbody>
                  {audit.map((entry) => (
                    <Tr key={entry.id}>
                      <Cell>{when(entry.performedAt)}</Cell>
                      <Cell>{actionLabels[entry.action]}</Cell>
                      <Cell>{entry.adminUserId === null ? t('audit.job', 'daily job') : `#${entry.adminUserId}`}</Cell>
                      <Cell>{entry.subjectKind ? t(`kind.${entry.subjectKind}`, KIND_LABELS[entry.subjectKind]) : null}</Cell>
                      <Td>
                        <Typography textColor="neutral800" title={entry.subjectRef ?? undefined}>
                          {entry.subjectRef ? `${entry.subjectRef.slice(0, 12)}…` : '—'}
                        </Typography>
                      </Td>
                      <Cell>{`${entry.leadsCount} / ${entry.notesCount} / ${entry.deliveriesCount}`}</Cell>
                      <Cell>{`${entry.mentionLeadsCount} / ${entry.mentionNotesCount} / ${entry.mentionDeliveriesCount}`}</Cell>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </Section>
        </Flex>
      </Layouts.Content>

      <Dialog.Root open={confirmErase} onOpenChange={setConfirmErase}>
        <ConfirmDialog title={t('erase.confirm.title', 'Erase this person’s data?')} onConfirm={erase}>
          {t(
            'erase.confirm.body',
            'The personal data of {leads} leads, {notes} notes and {deliveries} deliveries will be anonymised. The leads stay, without it, for the reports. This cannot be undone.',
            { ...(result?.counts ?? { leads: 0, notes: 0, deliveries: 0 }) }
          )}
          {result && total(result.mentions) > 0 &&
            ` ${t('erase.confirm.mentions', 'Their mentions in {total} records of other people are replaced with “[removido]”.', { total: total(result.mentions) })}`}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};

const ProtectedPrivacyPage = () => (
  <Page.Protect permissions={PERMISSIONS.privacyRead}>
    <PrivacyPage />
  </Page.Protect>
);

export { ProtectedPrivacyPage as PrivacyPage };
