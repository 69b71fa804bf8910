import * as React from 'react';
import { Dialog, Flex } from '@strapi/design-system';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import type { HomologationRun } from '../../../../shared/contracts/homologation';
import { Loaded } from '../../components/Loaded';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { useDeleteTestLeadsMutation, useHomologationChecklistQuery } from '../../services/homologation';
import { ChecklistSection } from './ChecklistSection';
import { RunForm } from './RunForm';
import { RunResults } from './RunResults';
import { TestLeadsSection } from './TestLeadsSection';
import { useTarget } from './useTarget';

/**
 * Homologation: the server plays the portal against this CRM (the checks and their verdict), the
 * test leads they leave, and what to e-mail the portal. The checklist follows the advertiser and
 * listing picked, and is read again after a run or a deletion (its cache tag).
 */
const HomologationPage = () => {
  const t = useTranslate('homologation');
  const { toggleNotification } = useNotification();
  const { notifyError } = useApiError();
  const target = useTarget();
  const checklist = useHomologationChecklistQuery(target.checklistQuery, { refetchOnMountOrArgChange: true });
  const [deleteTestLeads] = useDeleteTestLeadsMutation();
  const [run, setRun] = React.useState<HomologationRun | null>(null);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const resultsRef = React.useRef<HTMLDivElement>(null);

  const showRun = (next: HomologationRun) => {
    setRun(next);
    // the verdict appears below the form: bring it into view
    requestAnimationFrame(() => resultsRef.current?.scrollIntoView({ block: 'nearest' }));
  };

  const deleteThem = async () => {
    const answer = await deleteTestLeads();
    if ('error' in answer) {
      notifyError(answer.error, t('testLeads.failed', 'The test leads could not be deleted.'));
    } else {
      toggleNotification({
        type: 'success',
        message: t('testLeads.deleted', '{count, plural, one {# test lead deleted} other {# test leads deleted}}', {
          count: answer.data.leads,
        }),
      });
      setRun((previous) => (previous ? { ...previous, testLeads: [] } : previous));
    }
    setConfirmDelete(false);
  };

  return (
    <Loaded queries={{ checklist }}>
      {({ checklist: shown }) => (
        <Page.Main>
          <Page.Title>{t('title', 'Homologation')}</Page.Title>
          <Layouts.Header
            title={t('title', 'Homologation')}
            subtitle={t(
              'subtitle',
              'Play the portal against this CRM: the server posts test leads to the endpoint URL, over HTTP, as Grupo ZAP will.'
            )}
          />
          <Layouts.Content>
            <Flex direction="column" alignItems="stretch" gap={6}>
              <RunForm target={target} credentialSource={shown.credentialSource} onStart={() => setRun(null)} onRun={showRun} />
              {run && <RunResults ref={resultsRef} run={run} />}
              <TestLeadsSection count={shown.testLeadCount} onDelete={() => setConfirmDelete(true)} />
              <ChecklistSection checklist={shown} />
            </Flex>
          </Layouts.Content>

          <Dialog.Root open={confirmDelete} onOpenChange={setConfirmDelete}>
            <ConfirmDialog title={t('testLeads.confirm.title', 'Delete the test leads?')} onConfirm={deleteThem}>
              {t(
                'testLeads.confirm.body',
                '{count, plural, one {The lead marked as test} other {The # leads marked as test}}, with {count, plural, one {its} other {their}} notes and delivery log rows, will be deleted. Real leads are not touched.',
                { count: shown.testLeadCount }
              )}
            </ConfirmDialog>
          </Dialog.Root>
        </Page.Main>
      )}
    </Loaded>
  );
};

const ProtectedHomologationPage = () => (
  <Page.Protect permissions={PERMISSIONS.homologationRun}>
    <HomologationPage />
  </Page.Protect>
);

export { ProtectedHomologationPage as HomologationPage };
