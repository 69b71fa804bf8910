import * as React from 'react';
import { Accordion, Alert, Button, Field, Flex, Grid, LinkButton, TextInput, Textarea } from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import type { HomologationRun, HomologationRunBody, HomologationTargetRefusal } from '../../../../shared/contracts/homologation';
import type { CredentialSource } from '../../../../shared/contracts/settings';
import { Section } from '../../components/Section';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { SETTINGS_PATH } from '../../paths';
import { isAnswerError } from '../../services/api';
import { useRunHomologationMutation } from '../../services/homologation';
import { fieldErrorsOf } from '../../utils/fieldErrors';
import { TargetFields } from './TargetFields';
import type { Target } from './useTarget';

type FieldName = 'advertiser' | 'listing' | 'secret';
type FieldErrors = Partial<Record<FieldName, string>>;

/** The runner's refusal of the integration URL (nothing was sent), with the server's own words. */
type TargetRefusal = HomologationTargetRefusal & { message: string };

const targetRefusalOf = (error: unknown): TargetRefusal | null => {
  if (!isAnswerError(error)) return null;
  const details = error.details as Partial<HomologationTargetRefusal> | undefined;
  return details?.code === 'HOMOLOGATION_TARGET_REFUSED'
    ? { ...(details as HomologationTargetRefusal), message: error.message ?? '' }
    : null;
};

interface RunFormProps {
  target: Target;
  /** Where the secret in force comes from (`none`: the checks cannot run). */
  credentialSource: CredentialSource;
  /** A run starts (the results of the last one go). */
  onStart: () => void;
  onRun: (run: HomologationRun) => void;
}

/**
 * "Run the checks": the advertiser and listing to post to, the secret when only its hash is kept,
 * what the test lead says; the server then plays the portal against the advertiser's URL.
 */
export const RunForm = ({ target, credentialSource, onStart, onRun }: RunFormProps) => {
  const t = useTranslate('homologation');
  const { notifyError } = useApiError();
  const [runHomologation, { isLoading: running }] = useRunHomologationMutation();
  const [secret, setSecret] = React.useState('');
  const [lead, setLead] = React.useState<{ name: string; message: string }>({ name: '', message: '' });
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [refusal, setRefusal] = React.useState<TargetRefusal | null>(null);

  // the runner signs only with a secret typed here, whichever secret is in force
  const noSecret = credentialSource === 'none';
  const needsSecret = !noSecret;
  const column = needsSecret ? 4 : 6;
  const clearErrors = (...fields: FieldName[]) =>
    setErrors((previous) => ({ ...previous, ...Object.fromEntries(fields.map((field) => [field, undefined])) }));

  const runChecks = async (event: React.FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!target.advertiser) missing.advertiser = t('advertiser.required', 'Pick an advertiser');
    if (!target.listing) missing.listing = t('listing.required', 'Pick a listing');
    if (needsSecret && !secret) missing.secret = t('secret.required', 'Enter the portal secret');
    if (!target.advertiser || !target.listing || Object.keys(missing).length) {
      setErrors(missing);
      return;
    }
    const overrides = Object.fromEntries(Object.entries(lead).filter(([, value]) => value.trim()));
    const body: HomologationRunBody = {
      advertiser: target.advertiser.documentId,
      listing: target.listing,
      secret,
      ...(Object.keys(overrides).length ? { lead: overrides } : {}),
    };
    onStart();
    setRefusal(null);
    const answer = await runHomologation(body);
    if ('error' in answer) {
      const refused = targetRefusalOf(answer.error);
      const fieldErrors = fieldErrorsOf<FieldName>(answer.error);
      // a refused URL shows above the button, a field's error on the field, anything else as a notification
      if (refused) setRefusal(refused);
      else if (fieldErrors) setErrors(fieldErrors);
      else notifyError(answer.error, t('runFailed', 'The checks could not be run.'));
      return;
    }
    setErrors({});
    onRun(answer.data);
  };

  return (
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
              <LinkButton tag={NavLink} to={SETTINGS_PATH} variant="tertiary" size="S">
                {t('noSecret.link', 'Open Settings → Grupo ZAP')}
              </LinkButton>
            }
          >
            {t('noSecret.body', 'The endpoint answers 503 until a secret is set.')}
          </Alert>
        )}
        <Grid.Root gap={5}>
          <TargetFields target={target} column={column} errors={errors} clearErrors={clearErrors} />
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
                    clearErrors('secret');
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
                        onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                          setLead({ ...lead, message: event.target.value })
                        }
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
                target:
                  refusal.address && refusal.address !== refusal.host ? `${refusal.host} (${refusal.address})` : refusal.host,
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
  );
};
