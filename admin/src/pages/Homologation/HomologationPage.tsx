import * as React from 'react';
import {
  Accordion,
  Alert,
  Badge,
  Button,
  Combobox,
  ComboboxOption,
  Dialog,
  Field,
  Flex,
  Grid,
  LinkButton,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Play, Trash } from '@strapi/icons';
import {
  ConfirmDialog,
  Layouts,
  Page,
  isFetchError,
  useAPIErrorHandler,
  useDebounce,
  useFetchClient,
  useNotification,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type {
  HomologationAdvertiser,
  HomologationChecklist,
  HomologationListing,
  HomologationRun,
  HomologationRunBody,
  HomologationTargetRefusal,
  TestLeadsDeletion,
} from '../../../../shared/contracts/homologation';
import { Section } from '../../components/Section';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { ChecklistSection } from './ChecklistSection';
import { ResultsTable } from './ResultsTable';

const API = '/grupozap/homologation';

type FieldName = 'advertiser' | 'listing' | 'secret';
type FieldErrors = Partial<Record<FieldName, string>>;

/** Field errors from Strapi's ValidationError (`details.errors[].path`). */
const fieldErrorsOf = (error: unknown): FieldErrors | null => {
  if (!isFetchError(error)) return null;
  const details = error.response?.data.error.details as { errors?: { path: string[]; message: string }[] } | undefined;
  if (!details?.errors?.length) return null;
  return Object.fromEntries(details.errors.map(({ path, message }) => [path[0], message]));
};

/** The runner's refusal of the integration URL (nothing was sent), with the server's own words. */
type TargetRefusal = HomologationTargetRefusal & { message: string };

const targetRefusalOf = (error: unknown): TargetRefusal | null => {
  if (!isFetchError(error)) return null;
  const answer = error.response?.data.error;
  const details = answer?.details as Partial<HomologationTargetRefusal> | undefined;
  return details?.code === 'HOMOLOGATION_TARGET_REFUSED' ? { ...(details as HomologationTargetRefusal), message: answer!.message } : null;
};

/**
 * The pickers' options, searched on the server as the Content Manager's relation inputs are
 * (the text typed, debounced), so an app with thousands of advertisers stays quick.
 */
const useOptions = <T,>(path: string | null, query: string): { options: T[]; loading: boolean } => {
  const { get } = useFetchClient();
  const debounced = useDebounce(query, 250);
  const [state, setState] = React.useState<{ options: T[]; loading: boolean }>({ options: [], loading: false });

  React.useEffect(() => {
    if (!path) {
      setState({ options: [], loading: false });
      return;
    }
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    get<{ data: T[] }>(path, { params: debounced ? { q: debounced } : {} })
      .then(({ data }) => current && setState({ options: data.data, loading: false }))
      .catch(() => current && setState({ options: [], loading: false }));
    return () => {
      current = false;
    };
  }, [get, path, debounced]);

  return state;
};

const HomologationPage = () => {
  const { formatMessage } = useIntl();
  const { get, post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(`homologation.${id}`), defaultMessage }, values);

  const [advertiser, setAdvertiser] = React.useState<HomologationAdvertiser | null>(null);
  const [advertiserText, setAdvertiserText] = React.useState('');
  const [advertiserQuery, setAdvertiserQuery] = React.useState('');
  const [listing, setListing] = React.useState<string | null>(null);
  const [listingText, setListingText] = React.useState('');
  const [listingQuery, setListingQuery] = React.useState('');
  const [secret, setSecret] = React.useState('');
  const [lead, setLead] = React.useState<{ name: string; message: string }>({ name: '', message: '' });
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [refusal, setRefusal] = React.useState<TargetRefusal | null>(null);
  const [running, setRunning] = React.useState(false);
  const [run, setRun] = React.useState<HomologationRun | null>(null);
  const [checklist, setChecklist] = React.useState<HomologationChecklist | null>(null);
  const [loadFailed, setLoadFailed] = React.useState(false);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const resultsRef = React.useRef<HTMLDivElement>(null);

  const advertisers = useOptions<HomologationAdvertiser>(`${API}/advertisers`, advertiserQuery);
  const listings = useOptions<HomologationListing>(
    advertiser ? `${API}/advertisers/${encodeURIComponent(advertiser.documentId)}/listings` : null,
    listingQuery
  );

  // the first advertiser and its first listing are picked for you: one click runs the checks
  React.useEffect(() => {
    if (advertiser || advertiserQuery || !advertisers.options.length) return;
    const [first] = advertisers.options;
    setAdvertiser(first);
    setAdvertiserText(first.name);
  }, [advertiser, advertiserQuery, advertisers.options]);

  React.useEffect(() => {
    if (listing || listingQuery || !listings.options.length) return;
    setListing(listings.options[0].clientListingId);
    setListingText(listings.options[0].clientListingId);
  }, [listing, listingQuery, listings.options]);

  const loadChecklist = React.useCallback(async () => {
    try {
      const params: Record<string, string> = {};
      if (advertiser) params.advertiser = advertiser.documentId;
      if (listing) params.listing = listing;
      const { data } = await get<{ data: HomologationChecklist }>(`${API}/checklist`, { params });
      setChecklist(data.data);
    } catch {
      setLoadFailed(true);
    }
  }, [get, advertiser, listing]);

  React.useEffect(() => {
    void loadChecklist();
  }, [loadChecklist]);

  if (loadFailed) return <Page.Error />;
  if (!checklist) return <Page.Loading />;

  // the runner signs only with a secret typed here, whichever secret is in force
  const noSecret = checklist.credentialSource === 'none';
  const needsSecret = !noSecret;
  const column = needsSecret ? 4 : 6;

  const pickAdvertiser = (documentId?: string) => {
    const picked = advertisers.options.find((option) => option.documentId === documentId) ?? null;
    setAdvertiser(picked);
    setAdvertiserText(picked?.name ?? '');
    setAdvertiserQuery('');
    setListing(null);
    setListingText('');
    setListingQuery('');
    setErrors({ ...errors, advertiser: undefined, listing: undefined });
  };

  const pickListing = (clientListingId?: string) => {
    setListing(clientListingId ?? null);
    setListingText(clientListingId ?? '');
    setListingQuery('');
    setErrors({ ...errors, listing: undefined });
  };

  const runChecks = async (event: React.FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!advertiser) missing.advertiser = t('advertiser.required', 'Pick an advertiser');
    if (!listing) missing.listing = t('listing.required', 'Pick a listing');
    if (needsSecret && !secret) missing.secret = t('secret.required', 'Enter the portal secret');
    if (Object.keys(missing).length) {
      setErrors(missing);
      return;
    }
    const overrides = Object.fromEntries(Object.entries(lead).filter(([, value]) => value.trim()));
    const body: HomologationRunBody = {
      advertiser: advertiser!.documentId,
      listing: listing!,
      secret,
      ...(Object.keys(overrides).length ? { lead: overrides } : {}),
    };
    setRunning(true);
    setRun(null);
    setRefusal(null);
    try {
      const { data } = await post<{ data: HomologationRun }>(`${API}/run`, body);
      setRun(data.data);
      setErrors({});
      await loadChecklist();
      // the verdict appears below the form: bring it into view
      requestAnimationFrame(() => resultsRef.current?.scrollIntoView({ block: 'nearest' }));
    } catch (error) {
      const refused = targetRefusalOf(error);
      const fieldErrors = fieldErrorsOf(error);
      // a refused URL shows above the button, a field's error on the field, anything else as a notification
      if (refused) setRefusal(refused);
      else if (fieldErrors) setErrors(fieldErrors);
      else {
        toggleNotification({
          type: 'danger',
          message: isFetchError(error) ? formatAPIError(error) : t('runFailed', 'The checks could not be run.'),
        });
      }
    } finally {
      setRunning(false);
    }
  };

  const deleteTestLeads = async () => {
    try {
      const { data } = await del<{ data: TestLeadsDeletion }>(`${API}/test-leads`);
      toggleNotification({
        type: 'success',
        message: t('testLeads.deleted', '{count, plural, one {# test lead deleted} other {# test leads deleted}}', {
          count: data.data.leads,
        }),
      });
      setRun((previous) => (previous ? { ...previous, testLeads: [] } : previous));
      await loadChecklist();
    } catch (error) {
      toggleNotification({ type: 'danger', message: isFetchError(error) ? formatAPIError(error) : t('testLeads.failed', 'The test leads could not be deleted.') });
    } finally {
      setConfirmDelete(false);
    }
  };

  const credentialLine = run
    ? run.credentialSource === 'config'
      ? t('results.signedConfig', 'Signed as “{username}” with the secret you typed (the plugin config’s secretKey), used for this run only.', {
          username: run.username,
        })
      : t('results.signedTyped', 'Signed as “{username}” with the secret you typed (used for this run only).', {
          username: run.username,
        })
    : '';

  return (
    <Page.Main>
      <Page.Title>{t('title', 'Homologation')}</Page.Title>
      <Layouts.Header
        title={t('title', 'Homologation')}
        subtitle={t('subtitle', 'Play the portal against this CRM: the server posts test leads to the endpoint URL, over HTTP, as Grupo ZAP will.')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <form onSubmit={runChecks} noValidate>
            <Section
              title={t('run.title', 'Run the checks')}
              subtitle={t(
                'run.subtitle',
                'A test lead, the same lead again, a wrong credential and a lead without clientListingId, one after the other. The leads they leave are marked as test.'
              )}
            >
              {noSecret && (
                <Alert
                  variant="warning"
                  closeLabel={t('close', 'Close')}
                  title={t('noSecret.title', 'No portal secret yet')}
                  action={
                    <LinkButton tag={NavLink} to="/settings/grupozap" variant="tertiary" size="S">
                      {t('noSecret.link', 'Open Settings → Grupo ZAP')}
                    </LinkButton>
                  }
                >
                  {t('noSecret.body', 'The endpoint answers 503 until a secret is set.')}
                </Alert>
              )}
              <Grid.Root gap={5}>
                <Grid.Item col={column} xs={12} direction="column" alignItems="stretch">
                  <Field.Root name="advertiser" error={errors.advertiser} required>
                    <Field.Label>{t('advertiser.label', 'Advertiser')}</Field.Label>
                    <Combobox
                      value={advertiser?.documentId ?? ''}
                      textValue={advertiserText}
                      onTextValueChange={setAdvertiserText}
                      onInputChange={(event: React.ChangeEvent<HTMLInputElement>) => setAdvertiserQuery(event.currentTarget.value)}
                      onChange={pickAdvertiser}
                      onClear={() => pickAdvertiser(undefined)}
                      clearLabel={t('advertiser.clear', 'Clear the advertiser')}
                      loading={advertisers.loading}
                      loadingMessage={t('loading', 'Loading…')}
                      noOptionsMessage={() => t('advertiser.none', 'No advertiser found')}
                      placeholder={t('advertiser.placeholder', 'Name, slug or CPF/CNPJ')}
                      autocomplete={{ type: 'list', filter: 'contains' }}
                    >
                      {advertisers.options.map((option) => (
                        <ComboboxOption key={option.documentId} value={option.documentId} textValue={option.name}>
                          {option.active ? option.name : t('advertiser.inactive', '{name} (inactive)', { name: option.name })}
                        </ComboboxOption>
                      ))}
                    </Combobox>
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={column} xs={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name="listing"
                    error={errors.listing}
                    required
                    hint={
                      advertiser && !listings.loading && !listings.options.length && !listingQuery
                        ? t('listing.noneYet', 'This advertiser has no listing yet: create one in the Content Manager.')
                        : t('listing.hint', 'The code the portal will send as clientListingId.')
                    }
                  >
                    <Field.Label>{t('listing.label', 'Test listing (clientListingId)')}</Field.Label>
                    <Combobox
                      value={listing ?? ''}
                      textValue={listingText}
                      onTextValueChange={setListingText}
                      onInputChange={(event: React.ChangeEvent<HTMLInputElement>) => setListingQuery(event.currentTarget.value)}
                      onChange={pickListing}
                      onClear={() => pickListing(undefined)}
                      clearLabel={t('listing.clear', 'Clear the listing')}
                      disabled={!advertiser}
                      loading={listings.loading}
                      loadingMessage={t('loading', 'Loading…')}
                      noOptionsMessage={() => t('listing.none', 'No listing found')}
                      placeholder={t('listing.placeholder', 'Listing code or title')}
                      autocomplete={{ type: 'list', filter: 'contains' }}
                    >
                      {listings.options.map((option) => (
                        <ComboboxOption key={option.documentId} value={option.clientListingId} textValue={option.clientListingId}>
                          {option.title ? `${option.clientListingId} — ${option.title}` : option.clientListingId}
                        </ComboboxOption>
                      ))}
                    </Combobox>
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                {needsSecret && (
                  <Grid.Item col={column} xs={12} direction="column" alignItems="stretch">
                    <Field.Root
                      name="secret"
                      error={errors.secret}
                      required
                      hint={t(
                        'secret.hint',
                        'Type the secret you gave the portal: the checks are signed with it and nothing else. Checked first, used for this run only, never kept.'
                      )}
                    >
                      <Field.Label>{t('secret.label', 'Portal secret')}</Field.Label>
                      <TextInput
                        type="password"
                        autoComplete="off"
                        value={secret}
                        onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                          setSecret(event.target.value);
                          setErrors({ ...errors, secret: undefined });
                        }}
                      />
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                )}
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <Accordion.Root size="S">
                    <Accordion.Item value="lead">
                      <Accordion.Header>
                        <Accordion.Trigger description={t('lead.description', 'Optional: what the test lead says.')}>
                          {t('lead.title', 'Test lead')}
                        </Accordion.Trigger>
                      </Accordion.Header>
                      <Accordion.Content>
                        <Flex direction="column" alignItems="stretch" gap={4} padding={4}>
                          <Field.Root name="leadName">
                            <Field.Label>{t('lead.name', 'Name')}</Field.Label>
                            <TextInput
                              value={lead.name}
                              placeholder="Homologação Simulador"
                              onChange={(event: React.ChangeEvent<HTMLInputElement>) => setLead({ ...lead, name: event.target.value })}
                            />
                          </Field.Root>
                          <Field.Root name="leadMessage">
                            <Field.Label>{t('lead.message', 'Message')}</Field.Label>
                            <Textarea
                              value={lead.message}
                              placeholder="Lead de teste enviado pelo grupozap-sim."
                              onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setLead({ ...lead, message: event.target.value })}
                            />
                          </Field.Root>
                        </Flex>
                      </Accordion.Content>
                    </Accordion.Item>
                  </Accordion.Root>
                </Grid.Item>
              </Grid.Root>
              {refusal && (
                <Alert
                  variant="danger"
                  closeLabel={t('close', 'Close')}
                  onClose={() => setRefusal(null)}
                  title={t('target.title', 'Nothing was sent: this URL is not this app’s')}
                >
                  <span data-testid="homologation-refusal">
                    {t(`target.${refusal.reason}`, refusal.message, {
                      url: refusal.url,
                      target: refusal.address && refusal.address !== refusal.host ? `${refusal.host} (${refusal.address})` : refusal.host,
                    })}{' '}
                    {t('target.allowed', 'The checks post only to: {origins}', { origins: refusal.allowed.join(', ') })}
                  </span>
                </Alert>
              )}
              <Flex>
                <Button type="submit" startIcon={<Play />} loading={running} disabled={noSecret}>
                  {t('run.button', 'Run the checks')}
                </Button>
              </Flex>
            </Section>
          </form>

          {run && (
            <div ref={resultsRef}>
              <Section title={t('results.title', 'Results')}>
                <Flex direction="column" alignItems="stretch" gap={2} aria-live="polite">
                  <Flex gap={3} wrap="wrap">
                    <Badge variant={run.passed ? 'success' : 'danger'} size="M">
                      {run.passed ? t('results.passed', 'All checks pass') : t('results.failed', 'Some checks fail')}
                    </Badge>
                    <Typography textColor="neutral700" data-testid="homologation-url">
                      {t('results.url', 'Posted to {url}', { url: run.url })}
                    </Typography>
                  </Flex>
                  <Typography variant="pi" textColor="neutral600">
                    {credentialLine}
                  </Typography>
                  {!run.listingKnown && (
                    <Typography variant="pi" textColor="neutral600">
                      {t('results.listingUnknown', '{advertiser} has no listing {listing}: the lead was kept and will be linked when it exists.', {
                        advertiser: run.advertiser.name,
                        listing: run.clientListingId,
                      })}
                    </Typography>
                  )}
                </Flex>
                <ResultsTable cases={run.cases} />
              </Section>
            </div>
          )}

          <Section
            title={t('testLeads.title', 'Test leads')}
            subtitle={t('testLeads.subtitle', 'The leads these checks leave are marked as test: e-mail and distribution skip them.')}
          >
            <Flex justifyContent="space-between" gap={4}>
              <Typography textColor="neutral800" data-testid="test-lead-count">
                {t('testLeads.count', '{count, plural, =0 {No lead is marked as test.} one {# lead is marked as test.} other {# leads are marked as test.}}', {
                  count: checklist.testLeadCount,
                })}
              </Typography>
              <Button
                variant="danger-light"
                startIcon={<Trash />}
                disabled={checklist.testLeadCount === 0}
                onClick={() => setConfirmDelete(true)}
              >
                {t('testLeads.delete', 'Delete test leads')}
              </Button>
            </Flex>
          </Section>

          <ChecklistSection checklist={checklist} />
        </Flex>
      </Layouts.Content>

      <Dialog.Root open={confirmDelete} onOpenChange={setConfirmDelete}>
        <ConfirmDialog title={t('testLeads.confirm.title', 'Delete the test leads?')} onConfirm={deleteTestLeads}>
          {t(
            'testLeads.confirm.body',
            '{count, plural, one {The lead marked as test} other {The # leads marked as test}}, with {count, plural, one {its} other {their}} notes and delivery log rows, will be deleted. Real leads are not touched.',
            { count: checklist.testLeadCount }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};

const ProtectedHomologationPage = () => (
  <Page.Protect permissions={PERMISSIONS.homologationRun}>
    <HomologationPage />
  </Page.Protect>
);

export { ProtectedHomologationPage as HomologationPage };
