import { Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise, Duplicate } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { FeedHealthView, FeedLeftOutReasonCode } from '../../../../shared/contracts/advertisers';
import { useCopyWithNotice } from '../../hooks/useCopyWithNotice';
import { statusOf } from '../../services/api';
import { useFeedHealthQuery, useMakeFeedTokenMutation } from '../../services/advertisers';
import { getTranslation } from '../../utils/getTranslation';
import { ADVERTISER_MODEL } from './constants';

/** Shown here: the rest is counted (the API lists the first 200). */
const LEFT_OUT_SHOWN = 10;

const REASONS: Record<FeedLeftOutReasonCode, string> = {
  LISTING_ID_LENGTH: 'code empty or over 50 characters',
  TITLE_LENGTH: 'title not 10–100 characters',
  TRANSACTION_TYPE: 'no transaction type',
  PROPERTY_TYPE: 'no property type',
  PRICE_MISSING: 'missing price',
  STATE: 'unknown state',
  CITY_MISSING: 'no city',
  NEIGHBORHOOD_MISSING: 'no neighborhood',
  NO_PHOTO: 'no photo',
  DESCRIPTION_MISSING: 'no description',
};

const FeedHealth = ({ documentId, updatedAt }: { documentId: string; updatedAt?: unknown }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(`advertiser.feed.${id}`), defaultMessage }, values);
  const copyWithNotice = useCopyWithNotice();
  const key = { documentId, revision: String(updatedAt ?? '') };
  const { data, error, isLoading } = useFeedHealthQuery(key);
  const [makeFeedToken, made] = useMakeFeedTokenMutation();
  const failure = made.error ?? error;

  const makeToken = (replacing: boolean) => {
    if (
      replacing &&
      !window.confirm(
        t('regenerate.confirm', 'The URL the portal has stops working (404) until you register the new one. Make a new token?')
      )
    )
      return;
    void makeFeedToken(key);
  };

  if (isLoading) return <Loader small>{t('loading', 'Loading the feed…')}</Loader>;
  if (failure && statusOf(failure) === 403)
    return <Typography textColor="neutral600">{t('forbidden', 'Your role may not read this advertiser’s feed.')}</Typography>;
  if (failure || !data) return <Typography textColor="danger600">{t('failed', 'The feed could not be loaded.')}</Typography>;

  const view: FeedHealthView = data;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="feed-health">
      {view.problem && <Typography textColor="danger600">{view.problem}</Typography>}
      {view.emailMissing && (
        <Typography variant="pi" textColor="warning600" data-testid="feed-email-missing">
          {t(
            'emailMissing',
            'This advertiser has no e-mail: the portal asks for one in the feed’s header and contact. Fill in the e-mail field.'
          )}
        </Typography>
      )}
      {!view.hasToken && !view.url && (
        <Typography variant="pi" textColor="neutral600">
          {t('none', 'No feed yet: make its URL, then register it in Canal Pro.')}
        </Typography>
      )}
      {view.url ? (
        <>
          {view.tokenKept ? (
            <Typography variant="pi" textColor="neutral600">
              {t('kept', 'The URL to register in Canal Pro (kept encrypted: it is shown here whenever you come back).')}
            </Typography>
          ) : (
            <Typography variant="pi" textColor="warning600">
              {t('once', 'Copy this URL now and register it in Canal Pro: its token is shown only this once.')}
            </Typography>
          )}
          <Typography variant="omega" fontWeight="semiBold" style={{ overflowWrap: 'anywhere' }} data-testid="feed-url">
            {view.url}
          </Typography>
          <Button variant="secondary" startIcon={<Duplicate />} onClick={() => copyWithNotice(view.url as string)} fullWidth>
            {t('copy', 'Copy the feed URL')}
          </Button>
        </>
      ) : (
        view.hasToken &&
        view.feedUrl && (
          <Typography variant="pi" textColor="neutral600" style={{ overflowWrap: 'anywhere' }}>
            {t('hidden', '{url}?token=… (the token was shown when it was made; make a new one to see a URL again)', {
              url: view.feedUrl,
            })}
          </Typography>
        )
      )}
      <Typography variant="omega" data-testid="feed-counts">
        {t('counts', '{inFeed} listings in the feed, {leftOut} left out', { inFeed: view.inFeed, leftOut: view.leftOutCount })}
      </Typography>
      {view.leftOut.slice(0, LEFT_OUT_SHOWN).map((listing) => (
        <Typography key={listing.documentId} variant="pi" textColor="neutral700" style={{ overflowWrap: 'anywhere' }}>
          {`${listing.clientListingId ?? '—'}: ${listing.reasons.map((reason) => t(`reason.${reason}`, REASONS[reason])).join(', ')}`}
        </Typography>
      ))}
      <Button
        variant={view.hasToken ? 'tertiary' : 'secondary'}
        startIcon={<ArrowClockwise />}
        onClick={() => makeToken(view.hasToken)}
        fullWidth
      >
        {view.hasToken ? t('regenerate', 'New feed token') : t('make', 'Make the feed URL')}
      </Button>
    </Flex>
  );
};

/** The advertiser's VRSync feed: its URL (token shown again when the app can encrypt it), what is in it and what is left out. */
export const FeedHealthPanel = ({
  model,
  documentId,
  document,
}: {
  model: string;
  documentId?: string;
  document?: { updatedAt?: unknown };
}) => {
  const { formatMessage } = useIntl();
  if (model !== ADVERTISER_MODEL || !documentId) return null;
  return {
    title: formatMessage({ id: getTranslation('advertiser.feed.title'), defaultMessage: 'Grupo ZAP listing feed' }),
    content: <FeedHealth documentId={documentId} updatedAt={document?.updatedAt} />,
  };
};
