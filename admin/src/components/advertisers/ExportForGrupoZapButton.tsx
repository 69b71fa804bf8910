import * as React from 'react';
import { Button } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { isFetchError, useAPIErrorHandler, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { PERMISSIONS } from '../../permissions';
import { PLUGIN_ID } from '../../pluginId';
import { downloadFile, filenameOf } from '../../utils/downloadFile';
import { getTranslation } from '../../utils/getTranslation';
import { ADVERTISER_MODEL } from './constants';

/** The message of a Strapi error answer read as a Blob, if it is one. */
const errorMessageOf = async (blob: Blob): Promise<string | null> => {
  try {
    const answer = JSON.parse(await blob.text()) as { error?: { message?: string } };
    return answer.error?.message ?? null;
  } catch {
    return null;
  }
};

/**
 * "Export for Grupo ZAP" in the advertisers' list view of the Content Manager (injection zone
 * listView.actions, which gives no props: the model is read from the URL, as Strapi's i18n does):
 * the portal's batch registration CSV, for users with advertisers.export.
 */
export const ExportForGrupoZapButton = () => {
  const { formatMessage } = useIntl();
  const { slug } = useParams<{ slug: string }>();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const {
    isLoading,
    allowedActions: { canExport },
  } = useRBAC(PERMISSIONS.advertisersExport);
  const [exporting, setExporting] = React.useState(false);

  if (slug !== ADVERTISER_MODEL || isLoading || !canExport) return null;

  const failed = (message: string | null) =>
    toggleNotification({
      type: 'danger',
      message: message ?? formatMessage({ id: getTranslation('advertiser.export.failed'), defaultMessage: 'The export failed.' }),
    });

  const onExport = async () => {
    setExporting(true);
    try {
      // a 400 (e.g. no public URL yet) comes back as a Blob too, to read its message
      const { data, status, headers } = await get(`/${PLUGIN_ID}/advertisers/registration.csv`, {
        responseType: 'blob',
        validateStatus: (code) => code === 400,
      });
      if (status === 400) {
        failed(await errorMessageOf(data));
        return;
      }
      downloadFile(data, filenameOf(headers, 'grupozap-advertisers.csv'), 'text/csv');
    } catch (error) {
      failed(isFetchError(error) && error.response ? formatAPIError(error) : null);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Button variant="secondary" size="S" startIcon={<Download />} loading={exporting} onClick={onExport}>
      {formatMessage({ id: getTranslation('advertiser.export.button'), defaultMessage: 'Export for Grupo ZAP' })}
    </Button>
  );
};
