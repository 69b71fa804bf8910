import { Button, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { UserPermissionsLoaded } from '../UserPermissionsLoaded';
import { useDownloadAdvertisersMutation } from '../../services/advertisers';
import { ADVERTISER_MODEL } from './constants';

/**
 * "Export for Grupo ZAP" in the advertisers' list view of the Content Manager (injection zone
 * listView.actions, which gives no props: the model is read from the URL, as Strapi's i18n does):
 * the portal's batch registration CSV, for users with advertisers.export, and the same with each
 * advertiser's feed URL (the agency's copy: the portal's import takes three columns). A refusal
 * (e.g. no public URL yet) is said in the server's words.
 */
export const ExportForGrupoZapButton = () => (
  <UserPermissionsLoaded fallback={null}>
    <ExportButtons />
  </UserPermissionsLoaded>
);

const ExportButtons = () => {
  const t = useTranslate('advertiser.export');
  const { slug } = useParams<{ slug: string }>();
  const { notifyError } = useApiError();
  const {
    isLoading,
    allowedActions: { canExport },
  } = useRBAC(PERMISSIONS.advertisersExport);
  const [download, { isLoading: exporting }] = useDownloadAdvertisersMutation();

  if (slug !== ADVERTISER_MODEL || isLoading || !canExport) return null;

  const onExport = async (feedUrls: boolean) => {
    const answer = await download({ feedUrls });
    if ('error' in answer) notifyError(answer.error, t('failed', 'The export failed.'));
  };

  return (
    <Flex gap={2}>
      <Button variant="secondary" size="S" startIcon={<Download />} loading={exporting} onClick={() => onExport(false)}>
        {t('button', 'Export for Grupo ZAP')}
      </Button>
      <Button variant="tertiary" size="S" startIcon={<Download />} disabled={exporting} onClick={() => onExport(true)}>
        {t('withFeeds', 'With feed URLs')}
      </Button>
    </Flex>
  );
};
