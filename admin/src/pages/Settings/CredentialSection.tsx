import * as React from 'react';
import { Alert, Box, Button, Dialog, Field, Flex, Modal, NumberInput, TextInput, Typography } from '@strapi/design-system';
import { ArrowClockwise, Key } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { SECRET_HINT_LENGTH, SECRET_MIN_LENGTH, type SecretBody, type SettingsView } from '../../../../shared/contracts/settings';
import { CopyField } from '../../components/CopyField';
import { Section } from '../../components/Section';
import { useTranslate } from '../../hooks/useTranslate';
import { isAnswerError } from '../../services/api';
import { useRevokePreviousSecretMutation, useSetSecretMutation } from '../../services/settings';

interface CredentialSectionProps {
  view: SettingsView;
  canUpdate: boolean;
  username: string;
  usernameError?: string;
  onUsernameChange: (value: string) => void;
}

/**
 * The portal's credential: user name and secret, generated or typed, with rotation. A change of
 * secret answers the settings as they now are, which the page then shows.
 */
export const CredentialSection = ({ view, canUpdate, username, usernameError, onUsernameChange }: CredentialSectionProps) => {
  const { formatDate } = useIntl();
  const t = useTranslate('settings.credential');
  const { toggleNotification } = useNotification();
  const [setSecretOf] = useSetSecretMutation();
  const [revokePreviousSecret] = useRevokePreviousSecretMutation();
  const [generated, setGenerated] = React.useState<string | null>(null);
  const [typing, setTyping] = React.useState(false);
  const [typedSecret, setTypedSecret] = React.useState('');
  const [typedError, setTypedError] = React.useState<string | undefined>();
  const [graceDays, setGraceDays] = React.useState(view.defaultGraceDays);
  const [confirmGenerate, setConfirmGenerate] = React.useState(false);
  const [confirmRevoke, setConfirmRevoke] = React.useState(false);

  const when = (iso: string) => formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });
  const { source, current, previous } = view.credential;

  const setSecret = async (body: SecretBody) => {
    const answer = await setSecretOf(body);
    if ('error' in answer) {
      // the server's own words (e.g. too short), on the field when the secret was typed
      const message = isAnswerError(answer.error) ? answer.error.message : undefined;
      if (body.secret) setTypedError(message);
      else toggleNotification({ type: 'danger', message: message ?? t('failed', 'The secret could not be changed.') });
      return;
    }
    const { generatedSecret } = answer.data.meta;
    setGenerated(generatedSecret);
    setTyping(false);
    setTypedSecret('');
    if (!generatedSecret) toggleNotification({ type: 'success', message: t('saved', 'The new secret is active.') });
  };

  const revokePrevious = async () => {
    const answer = await revokePreviousSecret();
    if (!('error' in answer))
      toggleNotification({ type: 'success', message: t('revoked', 'The previous secret is no longer accepted.') });
  };

  return (
    <Section
      title={t('title', 'Portal credential')}
      subtitle={t('subtitle', 'The portal signs every lead with HTTP Basic auth: this user name and a secret you give it.')}
    >
      {source === 'config' ? (
        <Alert variant="default" closeLabel={t('close', 'Close')} title={t('fromConfig.title', 'Set in the plugin config')}>
          {t(
            'fromConfig.body',
            'The secret comes from the plugin config (secretKey, e.g. GRUPOZAP_SECRET_KEY) and wins over this page. Change it there.'
          )}
        </Alert>
      ) : null}

      <Field.Root name="username" error={usernameError} hint={t('username.hint', 'The portal has always sent "vivareal".')}>
        <Field.Label>{t('username.label', 'User name')}</Field.Label>
        <TextInput
          value={username}
          disabled={!canUpdate || source === 'config'}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => onUsernameChange(event.target.value)}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>

      {source !== 'config' && (
        <Flex direction="column" alignItems="stretch" gap={3}>
          {current ? (
            <Typography data-testid="current-secret">
              {t('current', 'Active secret ending in …{hint}, {how} on {date}.', {
                hint: current.hint.slice(-SECRET_HINT_LENGTH),
                how: current.generated ? t('generatedHow', 'generated') : t('typedHow', 'entered'),
                date: when(current.setAt),
              })}
            </Typography>
          ) : (
            <Alert variant="warning" closeLabel={t('close', 'Close')} title={t('none.title', 'No secret yet')}>
              {t('none.body', 'Until a secret is set, the lead route answers 503 and the portal keeps its leads.')}
            </Alert>
          )}
          {previous && (
            <Flex gap={3} wrap="wrap">
              <Typography data-testid="previous-secret">
                {t('previous', 'The previous secret (…{hint}) is still accepted until {date}, while the portal switches over.', {
                  hint: previous.hint.slice(-SECRET_HINT_LENGTH),
                  date: when(previous.validUntil),
                })}
              </Typography>
              {canUpdate && (
                <Button variant="danger-light" size="S" onClick={() => setConfirmRevoke(true)}>
                  {t('revoke', 'Stop accepting it now')}
                </Button>
              )}
            </Flex>
          )}
          {canUpdate && (
            <Flex gap={2}>
              <Button
                startIcon={<ArrowClockwise />}
                onClick={() => (current ? setConfirmGenerate(true) : setSecret({ graceDays }))}
              >
                {t('generate', 'Generate a secret')}
              </Button>
              <Button variant="secondary" startIcon={<Key />} onClick={() => setTyping(true)}>
                {t('type', 'Enter the portal’s secret')}
              </Button>
            </Flex>
          )}
        </Flex>
      )}

      <Dialog.Root open={confirmGenerate} onOpenChange={setConfirmGenerate}>
        <ConfirmDialog title={t('rotate.title', 'Replace the secret?')} onConfirm={() => setSecret({ graceDays })}>
          {t('rotate.body', 'The current secret stays valid for {days} days, so the portal has time to switch.', {
            days: graceDays,
          })}
        </ConfirmDialog>
      </Dialog.Root>

      <Dialog.Root open={confirmRevoke} onOpenChange={setConfirmRevoke}>
        <ConfirmDialog title={t('revoke.title', 'Stop accepting the previous secret?')} onConfirm={revokePrevious}>
          {t('revoke.body', 'Leads the portal still signs with it will be refused (401) and retried by the portal.')}
        </ConfirmDialog>
      </Dialog.Root>

      <Modal.Root open={generated !== null} onOpenChange={(open: boolean) => !open && setGenerated(null)}>
        <Modal.Content>
          <Modal.Header>
            <Modal.Title>{t('generated.title', 'Your new secret')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Alert variant="warning" closeLabel={t('close', 'Close')} title={t('generated.once', 'Shown only once')}>
                {t('generated.body', 'Copy it now and send it to the portal. Only a hash is kept: nobody can show it again.')}
              </Alert>
              {generated && <CopyField name="generatedSecret" label={t('generated.label', 'Secret')} value={generated} />}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Box />
            <Modal.Close>
              <Button>{t('generated.done', 'I copied it')}</Button>
            </Modal.Close>
          </Modal.Footer>
        </Modal.Content>
      </Modal.Root>

      <Modal.Root open={typing} onOpenChange={setTyping}>
        <Modal.Content>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              // the server checks it too (a number or a short text answers 400)
              if (typedSecret.length < SECRET_MIN_LENGTH) {
                setTypedError(t('typed.tooShort', 'The secret must have at least {min} characters.', { min: SECRET_MIN_LENGTH }));
                return;
              }
              void setSecret({ secret: typedSecret, graceDays });
            }}
          >
            <Modal.Header>
              <Modal.Title>{t('typed.title', 'Enter the portal’s secret')}</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Field.Root
                  name="secret"
                  error={typedError}
                  hint={t('typed.hint', 'At least {min} characters, as the portal gave it.', { min: SECRET_MIN_LENGTH })}
                  required
                >
                  <Field.Label>{t('typed.label', 'Secret')}</Field.Label>
                  <TextInput
                    type="password"
                    autoComplete="off"
                    value={typedSecret}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                      setTypedSecret(event.target.value);
                      setTypedError(undefined);
                    }}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
                {current && (
                  <Field.Root
                    name="graceDays"
                    hint={t('grace.hint', 'How long the current secret stays valid (0 ends it at once).')}
                  >
                    <Field.Label>{t('grace.label', 'Grace period (days)')}</Field.Label>
                    <NumberInput value={graceDays} onValueChange={(value?: number) => setGraceDays(value ?? 0)} />
                    <Field.Hint />
                  </Field.Root>
                )}
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">{t('cancel', 'Cancel')}</Button>
              </Modal.Close>
              <Button type="submit" disabled={typedSecret.length === 0}>
                {t('typed.save', 'Use this secret')}
              </Button>
            </Modal.Footer>
          </form>
        </Modal.Content>
      </Modal.Root>
    </Section>
  );
};
