import * as React from 'react';
import { Dialog, Flex } from '@strapi/design-system';
import { ConfirmDialog, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import type { PrivacySearchResult, PrivacySubjectBody } from '../../../../shared/contracts/privacy';
import { Loaded } from '../../components/Loaded';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import {
  useErasePersonalDataMutation,
  useExportPersonalDataMutation,
  usePrivacyAuditQuery,
  useRetentionQuery,
  useSearchPersonalDataMutation,
} from '../../services/privacy';
import { firstFieldErrorOf } from '../../utils/fieldErrors';
import { AuditLogSection } from './AuditLogSection';
import { HeldDataSection } from './HeldDataSection';
import { RetentionSection } from './RetentionSection';
import { SubjectSearchForm } from './SubjectSearchForm';
import { total } from './labels';

/**
 * Privacy (LGPD): the retention in force, a person's data found, exported or erased, and the audit
 * log of those requests (read again after each, through its cache tag).
 */
const PrivacyPage = () => {
  const t = useTranslate('privacy');
  const { toggleNotification } = useNotification();
  const { notifyError } = useApiError();
  const {
    allowedActions: { canErase },
  } = useRBAC(PERMISSIONS.privacyErase);
  const retention = useRetentionQuery(undefined, { refetchOnMountOrArgChange: true });
  const audit = usePrivacyAuditQuery(undefined, { refetchOnMountOrArgChange: true });
  const [searchPersonalData, { isLoading: searching }] = useSearchPersonalDataMutation();
  const [exportPersonalData, { isLoading: exporting }] = useExportPersonalDataMutation();
  const [erasePersonalData] = useErasePersonalDataMutation();

  const [result, setResult] = React.useState<PrivacySearchResult | null>(null);
  /** The request the result answers: export and erase act on it, not on what is typed since. */
  const [asked, setAsked] = React.useState<PrivacySubjectBody | null>(null);
  const [confirmErase, setConfirmErase] = React.useState(false);

  const search = async (subject: PrivacySubjectBody): Promise<string | null> => {
    const answer = await searchPersonalData(subject);
    if ('error' in answer) {
      const fieldError = firstFieldErrorOf(answer.error);
      if (!fieldError) notifyError(answer.error, t('search.failed', 'The search failed.'));
      return fieldError;
    }
    setResult(answer.data);
    setAsked(subject);
    return null;
  };

  const exportJson = async () => {
    if (!asked) return;
    const answer = await exportPersonalData(asked);
    if ('error' in answer) notifyError(answer.error, t('export.failed', 'The export failed.'));
  };

  const erase = async () => {
    if (!asked) return;
    const answer = await erasePersonalData(asked);
    if ('error' in answer) {
      notifyError(answer.error, t('erase.failed', 'The data could not be erased.'));
    } else {
      const { redacted, ...anonymised } = answer.data;
      const done = t('erase.done', 'Anonymised: {leads} leads, {notes} notes, {deliveries} deliveries.', { ...anonymised });
      toggleNotification({
        type: 'success',
        message: total(redacted)
          ? `${done} ${t('erase.redacted', 'Mentions taken out of {leads} other leads, {notes} notes and {deliveries} deliveries of other people.', { ...redacted })}`
          : done,
      });
      await search(asked);
    }
    setConfirmErase(false);
  };

  return (
    <Loaded queries={{ retention, audit }}>
      {(status) => (
        <Page.Main>
          <Page.Title>{t('title', 'Privacy (LGPD)')}</Page.Title>
          <Layouts.Header
            title={t('title', 'Privacy (LGPD)')}
            subtitle={t('subtitle', 'What this CRM keeps about a person, for how long, and their requests: see, export, erase.')}
          />
          <Layouts.Content>
            <Flex direction="column" alignItems="stretch" gap={6}>
              <RetentionSection retention={status.retention} />
              <SubjectSearchForm searching={searching} onSearch={search} asked={asked} />
              {result && (
                <HeldDataSection
                  result={result}
                  canErase={canErase}
                  exporting={exporting}
                  onExport={exportJson}
                  onErase={() => setConfirmErase(true)}
                  onSearchOther={search}
                />
              )}
              <AuditLogSection audit={status.audit} />
            </Flex>
          </Layouts.Content>

          <Dialog.Root open={confirmErase} onOpenChange={setConfirmErase}>
            <ConfirmDialog title={t('erase.confirm.title', 'Erase this person’s data?')} onConfirm={erase}>
              {t(
                'erase.confirm.body',
                'The personal data of {leads} leads, {notes} notes and {deliveries} deliveries will be anonymised. The leads stay, without it, for the reports. This cannot be undone.',
                { ...(result?.counts ?? { leads: 0, notes: 0, deliveries: 0 }) }
              )}
              {result &&
                total(result.mentions) > 0 &&
                ` ${t('erase.confirm.mentions', 'Their mentions in {total} records of other people are replaced with “[removido]”.', { total: total(result.mentions) })}`}
            </ConfirmDialog>
          </Dialog.Root>
        </Page.Main>
      )}
    </Loaded>
  );
};

const ProtectedPrivacyPage = () => (
  <Page.Protect permissions={PERMISSIONS.privacyRead}>
    <PrivacyPage />
  </Page.Protect>
);

export { ProtectedPrivacyPage as PrivacyPage };
