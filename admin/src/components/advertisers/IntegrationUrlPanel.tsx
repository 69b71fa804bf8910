import { Button, Flex, Link, Loader, Typography } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import type { IntegrationUrlView } from '../../../../shared/contracts/advertisers';
import { useCopyWithNotice } from '../../hooks/useCopyWithNotice';
import { useTranslate } from '../../hooks/useTranslate';
import { SETTINGS_PATH } from '../../paths';
import { statusOf } from '../../services/api';
import { useIntegrationUrlQuery } from '../../services/advertisers';
import { ADVERTISER_MODEL } from './constants';

/** What the Content Manager gives its edit-view side panels (see its `PanelComponentProps`). */
interface PanelProps {
  model: string;
  documentId?: string;
  document?: { slug?: unknown; updatedAt?: unknown };
}

const IntegrationUrl = ({ documentId, slug, updatedAt }: { documentId?: string; slug?: unknown; updatedAt?: unknown }) => {
  const t = useTranslate('advertiser');
  const copyWithNotice = useCopyWithNotice();
  // asked again after each save: the slug, and so the URL, may have changed
  const answer = useIntegrationUrlQuery(
    { documentId: documentId ?? '', revision: JSON.stringify([slug, updatedAt]) },
    { skip: !documentId, refetchOnMountOrArgChange: true }
  );

  if (!documentId) {
    return (
      <Typography textColor="neutral600">
        {t('url.unsaved', 'Save the advertiser to get the URL to register with the portal.')}
      </Typography>
    );
  }
  const view = answer.currentData;
  if (!view && !answer.isError) return <Loader small>{t('url.loading', 'Loading the integration URL…')}</Loader>;
  if (!view && statusOf(answer.error) === 403) {
    return (
      <Typography textColor="neutral600">
        {t('url.forbidden', 'Your role may not read this advertiser’s slug, so its URL is not shown.')}
      </Typography>
    );
  }
  if (!view) {
    return <Typography textColor="danger600">{t('url.failed', 'The integration URL could not be loaded.')}</Typography>;
  }

  if (!view.url) {
    return (
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography textColor="danger600" data-testid="integration-url-problem">
          {view.problem}
        </Typography>
        <Link tag={NavLink} to={SETTINGS_PATH}>
          {t('url.openSettings', 'Open Settings → Grupo ZAP')}
        </Link>
      </Flex>
    );
  }

  const onCopy = () => copyWithNotice(view.url as string, t('url.copied', 'Integration URL copied to the clipboard'));

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="pi" textColor="neutral600">
        {t('url.hint', 'Register this URL with Grupo ZAP for this advertiser.')}
      </Typography>
      <Typography
        variant="omega"
        textColor="neutral800"
        fontWeight="semiBold"
        style={{ overflowWrap: 'anywhere' }}
        data-testid="integration-url"
      >
        {view.url}
      </Typography>
      <Button variant="secondary" startIcon={<Duplicate />} onClick={onCopy} fullWidth>
        {t('url.copy', 'Copy the URL')}
      </Button>
      {!view.active && (
        <Typography variant="pi" textColor="warning600">
          {t(
            'url.inactive',
            'Inactive: leads posted to this URL are refused with 404, and the portal then deletes the integration.'
          )}
        </Typography>
      )}
      <FormerUrls current={view.url} formerKeys={view.formerKeys} />
    </Flex>
  );
};

/**
 * The URLs of the advertiser's former slugs: they still deliver its leads, so an agency that
 * registered one before a rename keeps receiving them. None differ in the single-endpoint form.
 */
const FormerUrls = ({ current, formerKeys }: { current: string; formerKeys: IntegrationUrlView['formerKeys'] }) => {
  const t = useTranslate('advertiser');
  const urls = [
    ...new Set(formerKeys.map((former) => former.url).filter((url): url is string => url !== null && url !== current)),
  ];
  if (!urls.length) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={1} paddingTop={2} data-testid="integration-url-former">
      <Typography variant="sigma" textColor="neutral600">
        {t('url.former.title', 'Former URLs, still answering')}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {t(
          'url.former.hint',
          'This advertiser’s former slugs keep delivering its leads, in case the portal still has one of these URLs. Register the URL above.'
        )}
      </Typography>
      {urls.map((url) => (
        <Typography key={url} variant="pi" textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
          {url}
        </Typography>
      ))}
    </Flex>
  );
};

/**
 * The advertiser's integration URL, in a side panel of its edit view in the Content Manager
 * (`addEditViewSidePanel`); no panel for other content types.
 */
export const IntegrationUrlPanel = ({ model, documentId, document }: PanelProps) => {
  const t = useTranslate('advertiser');
  if (model !== ADVERTISER_MODEL) return null;
  return {
    title: t('url.title', 'Grupo ZAP integration URL'),
    content: <IntegrationUrl documentId={documentId} slug={document?.slug} updatedAt={document?.updatedAt} />,
  };
};
