import * as React from 'react';
import {
  Alert,
  Button,
  Combobox,
  ComboboxOption,
  Field,
  Flex,
  Grid,
  Radio,
  TextInput,
  Textarea,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, isFetchError, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { CopyField } from '../../components/CopyField';
import { Section } from '../../components/Section';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { CredentialSection } from './CredentialSection';
import type { SettingsForm, SettingsView, UrlForm } from './types';

const URL_FORMS: UrlForm[] = ['path', 'subdomain', 'single'];

const toForm = (view: SettingsView): SettingsForm => ({
  username: view.username,
  publicUrl: view.publicUrl ?? '',
  urlForm: view.urlForm,
  zonelessTimezone: view.zonelessTimezone,
  allowedIps: view.allowedIps.join('\n'),
});

const timeZones = (): string[] => {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['America/Sao_Paulo'];
};

type FieldErrors = Partial<Record<keyof SettingsForm, string>>;

/** Field errors from Strapi's ValidationError (`details.errors[].path`). */
const fieldErrorsOf = (error: unknown): FieldErrors | null => {
  if (!isFetchError(error)) return null;
  const details = error.response?.data.error.details as { errors?: { path: string[]; message: string }[] } | undefined;
  if (!details?.errors?.length) return null;
  return Object.fromEntries(details.errors.map(({ path, message }) => [path[0], message]));
};

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const {
    allowedActions: { canUpdate },
  } = useRBAC(PERMISSIONS.settingsUpdate);

  const [view, setView] = React.useState<SettingsView | null>(null);
  const [form, setForm] = React.useState<SettingsForm | null>(null);
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [loadFailed, setLoadFailed] = React.useState(false);
  const [saving, setSaving] = React.useState(false);

  const [zoneText, setZoneText] = React.useState('');

  const show = React.useCallback((next: SettingsView) => {
    setView(next);
    setForm(toForm(next));
    setZoneText(next.zonelessTimezone);
  }, []);

  React.useEffect(() => {
    get<{ data: SettingsView }>('/grupozap/settings')
      .then(({ data }) => show(data.data))
      .catch(() => setLoadFailed(true));
  }, [get, show]);

  const zones = React.useMemo(timeZones, []);

  if (loadFailed) return <Page.Error />;
  if (!view || !form) return <Page.Loading />;

  const t = (id: string, defaultMessage: string, values?: Record<string, React.ReactNode>) =>
    formatMessage({ id: getTranslation(`settings.${id}`), defaultMessage }, values) as string;
  const dirty = JSON.stringify(form) !== JSON.stringify(toForm(view));
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    setErrors({ ...errors, [key]: undefined });
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const { data } = await put<{ data: SettingsView }>('/grupozap/settings', {
        ...form,
        publicUrl: form.publicUrl.trim() || null,
        allowedIps: form.allowedIps
          .split(/[\s,]+/)
          .map((entry) => entry.trim())
          .filter(Boolean),
      });
      show(data.data);
      setErrors({});
      toggleNotification({ type: 'success', message: t('saved', 'Settings saved. They apply to the lead route at once.') });
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error);
      if (fieldErrors) setErrors(fieldErrors);
      toggleNotification({
        type: 'danger',
        message: fieldErrors ? t('invalid', 'Some settings are not valid: see the fields.') : t('saveFailed', 'The settings could not be saved.'),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('title', 'Grupo ZAP settings')}</Page.Title>
      <form onSubmit={save}>
        <Layouts.Header
          title={formatMessage({ id: getTranslation('plugin.name'), defaultMessage: 'Grupo ZAP' })}
          subtitle={t('subtitle', 'How the portal reaches this CRM: its credential and the URL to register.')}
          primaryAction={
            canUpdate ? (
              <Button type="submit" startIcon={<Check />} loading={saving} disabled={!dirty}>
                {t('save', 'Save')}
              </Button>
            ) : undefined
          }
        />
        <Layouts.Content>
          <Flex direction="column" alignItems="stretch" gap={6}>
            <CredentialSection
              view={view}
              canUpdate={canUpdate}
              username={form.username}
              usernameError={errors.username}
              onUsernameChange={(value) => set('username', value)}
              onChange={show}
            />

            <Section title={t('endpoint.title', 'Endpoint')} subtitle={t('endpoint.subtitle', 'The URL the portal posts leads to.')}>
              <Grid.Root gap={5}>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <Field.Root name="publicUrl" error={errors.publicUrl} hint={t('publicUrl.hint', 'The address where the internet reaches this Strapi, e.g. https://crm.example.com')}>
                    <Field.Label>{t('publicUrl.label', 'Public base URL of the CRM')}</Field.Label>
                    <TextInput
                      value={form.publicUrl}
                      placeholder="https://crm.example.com"
                      disabled={!canUpdate}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) => set('publicUrl', event.target.value)}
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <Field.Root name="zonelessTimezone" error={errors.zonelessTimezone} hint={t('timezone.hint', 'Used for timestamps the portal sends without an offset.')}>
                    <Field.Label>{t('timezone.label', 'Time zone of zone-less timestamps')}</Field.Label>
                    <Combobox
                      value={form.zonelessTimezone}
                      textValue={zoneText}
                      onTextValueChange={setZoneText}
                      disabled={!canUpdate}
                      onChange={(value?: string) => {
                        if (!value) return;
                        set('zonelessTimezone', value);
                        setZoneText(value);
                      }}
                      autocomplete={{ type: 'list', filter: 'contains' }}
                    >
                      {zones.map((zone) => (
                        <ComboboxOption key={zone} value={zone}>
                          {zone}
                        </ComboboxOption>
                      ))}
                    </Combobox>
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <Field.Root name="urlForm" error={errors.urlForm}>
                    <Field.Label>{t('urlForm.label', 'Advertiser URL form')}</Field.Label>
                    <Radio.Group
                      value={form.urlForm}
                      disabled={!canUpdate}
                      onValueChange={(value: string) => set('urlForm', value as UrlForm)}
                      aria-label={t('urlForm.label', 'Advertiser URL form')}
                    >
                      {URL_FORMS.map((urlForm) => (
                        <Radio.Item key={urlForm} value={urlForm}>
                          {t(`urlForm.${urlForm}`, URL_FORM_LABELS[urlForm])}
                        </Radio.Item>
                      ))}
                    </Radio.Group>
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  {view.endpointUrl ? (
                    <CopyField
                      name="endpointUrl"
                      label={t('endpointUrl.label', 'Endpoint URL to register')}
                      hint={
                        view.urlForm === 'single'
                          ? t('endpointUrl.hintSingle', 'One URL for every advertiser: the advertiser is found from the listing.')
                          : t('endpointUrl.hint', 'ADVERTISER-ID is each advertiser’s slug; the advertiser page shows its own URL.')
                      }
                      value={view.endpointUrl}
                    />
                  ) : (
                    <Alert variant="warning" closeLabel={t('close', 'Close')} title={t('endpointUrl.missing', 'No endpoint URL yet')}>
                      {view.endpointProblem}
                    </Alert>
                  )}
                </Grid.Item>
              </Grid.Root>
            </Section>

            <Section
              title={t('allowedIps.title', 'IP allow-list')}
              subtitle={t('allowedIps.subtitle', 'Optional: only these addresses or CIDR ranges may post leads. Empty lets any address in.')}
            >
              <Field.Root name="allowedIps" error={errors.allowedIps} hint={t('allowedIps.hint', 'One address or range per line, e.g. 203.0.113.0/24')}>
                <Field.Label>{t('allowedIps.label', 'Allowed addresses')}</Field.Label>
                <Textarea
                  value={form.allowedIps}
                  disabled={!canUpdate}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => set('allowedIps', event.target.value)}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Section>
          </Flex>
        </Layouts.Content>
      </form>
    </Page.Main>
  );
};

const URL_FORM_LABELS: Record<UrlForm, string> = {
  path: 'Path: https://crm.example.com/api/grupozap/lead/ADVERTISER-ID',
  subdomain: 'Subdomain: https://ADVERTISER-ID.crm.example.com/api/grupozap/lead',
  single: 'Single endpoint: https://crm.example.com/api/grupozap/lead',
};

const ProtectedSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <SettingsPage />
  </Page.Protect>
);

export default ProtectedSettingsPage;
