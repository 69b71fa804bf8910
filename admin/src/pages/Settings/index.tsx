import * as React from 'react';
import { Alert, Button, Combobox, ComboboxOption, Field, Flex, Grid, Radio, TextInput, Textarea } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { CopyField } from '../../components/CopyField';
import { Loaded } from '../../components/Loaded';
import { Section } from '../../components/Section';
import { UserPermissionsLoaded } from '../../components/UserPermissionsLoaded';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { useSettingsQuery, useUpdateSettingsMutation } from '../../services/settings';
import { fieldErrorsOf } from '../../utils/fieldErrors';
import { CredentialSection } from './CredentialSection';
import { ListingSourceSection } from './ListingSourceSection';
import { SearchIndexSection } from './SearchIndexSection';
import type { SettingsForm, SettingsView, UrlForm } from './types';

const URL_FORMS: UrlForm[] = ['path', 'subdomain', 'single'];

const toForm = (view: SettingsView): SettingsForm => ({
  username: view.username,
  publicUrl: view.publicUrl ?? '',
  urlForm: view.urlForm,
  zonelessTimezone: view.zonelessTimezone,
  allowedIps: view.allowedIps.join('\n'),
  lostReasons: view.lostReasons.join('\n'),
});

const timeZones = (): string[] => {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['America/Sao_Paulo'];
};

type FieldErrors = Partial<Record<keyof SettingsForm, string>>;

/** The settings as stored (each change answers them, and the form starts again from that answer). */
const SettingsPage = () => {
  const settings = useSettingsQuery(undefined, { refetchOnMountOrArgChange: true });
  return <Loaded queries={{ view: settings }}>{({ view }) => <SettingsFormPage view={view} />}</Loaded>;
};

const SettingsFormPage = ({ view }: { view: SettingsView }) => {
  const t = useTranslate('settings');
  const tPlugin = useTranslate('plugin');
  const { toggleNotification } = useNotification();
  const {
    allowedActions: { canUpdate },
  } = useRBAC(PERMISSIONS.settingsUpdate);
  const [updateSettings, { isLoading: saving }] = useUpdateSettingsMutation();

  const [form, setForm] = React.useState<SettingsForm>(() => toForm(view));
  const [zoneText, setZoneText] = React.useState(view.zonelessTimezone);
  const [errors, setErrors] = React.useState<FieldErrors>({});
  // new settings (saved here, a secret changed): the form shows them
  const [formOf, setFormOf] = React.useState(view);
  if (view !== formOf) {
    setFormOf(view);
    setForm(toForm(view));
    setZoneText(view.zonelessTimezone);
  }

  const zones = React.useMemo(timeZones, []);

  const dirty = JSON.stringify(form) !== JSON.stringify(toForm(view));
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    setErrors({ ...errors, [key]: undefined });
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const answer = await updateSettings({
      ...form,
      publicUrl: form.publicUrl.trim() || null,
      allowedIps: form.allowedIps
        .split(/[\s,]+/)
        .map((entry) => entry.trim())
        .filter(Boolean),
      lostReasons: form.lostReasons
        .split('\n')
        .map((entry) => entry.trim())
        .filter(Boolean),
    });
    if ('error' in answer) {
      const fieldErrors = fieldErrorsOf<keyof SettingsForm>(answer.error);
      if (fieldErrors) setErrors(fieldErrors);
      toggleNotification({
        type: 'danger',
        message: fieldErrors
          ? t('invalid', 'Some settings are not valid: see the fields.')
          : t('saveFailed', 'The settings could not be saved.'),
      });
      return;
    }
    setErrors({});
    toggleNotification({ type: 'success', message: t('saved', 'Settings saved. They apply to the lead route at once.') });
  };

  return (
    <Page.Main>
      <Page.Title>{t('title', 'Grupo ZAP settings')}</Page.Title>
      <form onSubmit={save}>
        <Layouts.Header
          title={tPlugin('name', 'Grupo ZAP')}
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
            />

            <Section
              title={t('endpoint.title', 'Endpoint')}
              subtitle={t('endpoint.subtitle', 'The URL the portal posts leads to.')}
            >
              <Grid.Root gap={5}>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name="publicUrl"
                    error={errors.publicUrl}
                    hint={t('publicUrl.hint', 'The address where the internet reaches this Strapi, e.g. https://crm.example.com')}
                  >
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
                  <Field.Root
                    name="zonelessTimezone"
                    error={errors.zonelessTimezone}
                    hint={t('timezone.hint', 'Used for timestamps the portal sends without an offset.')}
                  >
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
                          : t(
                              'endpointUrl.hint',
                              'ADVERTISER-ID is each advertiser’s slug; the advertiser page shows its own URL.'
                            )
                      }
                      value={view.endpointUrl}
                    />
                  ) : (
                    <Alert
                      variant="warning"
                      closeLabel={t('close', 'Close')}
                      title={t('endpointUrl.missing', 'No endpoint URL yet')}
                    >
                      {view.endpointProblem}
                    </Alert>
                  )}
                </Grid.Item>
              </Grid.Root>
            </Section>

            <Section
              title={t('allowedIps.title', 'IP allow-list')}
              subtitle={t(
                'allowedIps.subtitle',
                'Optional: only these addresses or CIDR ranges may post leads. Empty lets any address in.'
              )}
            >
              <Field.Root
                name="allowedIps"
                error={errors.allowedIps}
                hint={t('allowedIps.hint', 'One address or range per line, e.g. 203.0.113.0/24')}
              >
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

            <Section
              title={t('lostReasons.title', 'Lost reasons')}
              subtitle={t(
                'lostReasons.subtitle',
                'What an agent picks from when a lead is lost; the reports count the losses by reason.'
              )}
            >
              <Field.Root
                name="lostReasons"
                error={errors.lostReasons}
                hint={t('lostReasons.hint', 'One reason per line, at most 30. Leads keep the reason they were given.')}
              >
                <Field.Label>{t('lostReasons.label', 'Reasons')}</Field.Label>
                <Textarea
                  value={form.lostReasons}
                  disabled={!canUpdate}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => set('lostReasons', event.target.value)}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Section>

            <ListingSourceSection canUpdate={canUpdate} />

            <SearchIndexSection searchIndex={view.searchIndex} />
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
  <UserPermissionsLoaded>
    <Page.Protect permissions={PERMISSIONS.settingsRead}>
      <SettingsPage />
    </Page.Protect>
  </UserPermissionsLoaded>
);

export default ProtectedSettingsPage;
