import * as React from 'react';
import { Alert, Box, Button, Flex, Grid, Link, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { ResyncResult, ResyncRun, ResyncSkipReason } from '../../../../shared/contracts/listing-source';
import { Section } from '../../components/Section';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate, type Translate } from '../../hooks/useTranslate';
import { useListingSourceQuery, useResyncListingsMutation } from '../../services/listing-source';

/** The Content Manager's list of the plugin's Listings, inside the admin panel. */
const LISTINGS_PATH = '/content-manager/collection-types/plugin::grupozap.listing';

const SKIP_REASONS: Record<ResyncSkipReason, string> = {
  NOT_PUBLISHED: 'not published',
  NO_LISTING_ID: 'no listing code',
  UNKNOWN_ADVERTISER: 'unknown advertiser',
  DUPLICATE_LISTING_ID: 'code of another property of the advertiser',
};

/** How often the section reads the view again while a resync runs. */
const RESYNC_POLL_MS = 1_000;

const ResyncSummary = ({ result, t }: { result: ResyncResult; t: Translate }) => (
  <Alert
    variant={result.skipped > 0 ? 'warning' : 'success'}
    closeLabel={t('close', 'Close')}
    title={t('resync.done', 'Resync done')}
  >
    <span data-testid="resync-result">
      {t(
        'resync.counts',
        '{properties} properties read: {created} created, {updated} updated, {unchanged} already in step, {deactivated} made inactive, {skipped} skipped.',
        {
          properties: result.properties,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          deactivated: result.deactivated,
          skipped: result.skipped,
        }
      )}
      {(Object.entries(result.skippedByReason) as [ResyncSkipReason, number][]).map(([reason, count]) => (
        <React.Fragment key={reason}>
          {' '}
          {t('resync.skippedReason', '{reason}: {count}.', { reason: t(`resync.reason.${reason}`, SKIP_REASONS[reason]), count })}
        </React.Fragment>
      ))}
    </span>
  </Alert>
);

/**
 * Settings → Grupo ZAP: the app's property content type mirrored into Listing (`listingSource` in
 * the plugin config, read-only here), how many Listings mirror a property, and a full resync.
 */
export const ListingSourceSection = ({ canUpdate }: { canUpdate: boolean }) => {
  const t = useTranslate('settings.listingSource');
  const { formatTime } = useIntl();
  const { notifyError } = useApiError();
  const [polling, setPolling] = React.useState(false);
  const { data: view, isError } = useListingSourceQuery(undefined, {
    refetchOnMountOrArgChange: true,
    pollingInterval: polling ? RESYNC_POLL_MS : 0,
  });
  const [resync, { isLoading: starting }] = useResyncListingsMutation();
  const run: ResyncRun | null = view?.resync ?? null;
  const running = run?.state === 'running';
  // read the view again while the server's resync runs (started here, or by anyone before)
  React.useEffect(() => setPolling(running), [running]);

  const runResync = async () => {
    const answer = await resync();
    if ('error' in answer) notifyError(answer.error, t('resync.failed', 'The resync failed.'));
  };

  const title = t('title', 'Listings from your properties');
  if (isError) {
    return (
      <Section title={title}>
        <Typography textColor="danger600">{t('failed', 'The mapping could not be loaded.')}</Typography>
      </Section>
    );
  }
  if (!view) {
    return (
      <Section title={title}>
        <Loader small>{t('loading', 'Loading the mapping…')}</Loader>
      </Section>
    );
  }

  if (!view.configured) {
    return (
      <Section title={title}>
        <Typography textColor="neutral700" data-testid="listing-source-none">
          {t(
            'none',
            'Listings are typed in the Content Manager. To publish your own property content type instead, map it with listingSource in the plugin config (see docs/listing-feed.md, “Using the app’s own properties”).'
          )}{' '}
          <Link tag={NavLink} to={LISTINGS_PATH}>
            {t('listings', 'Open the listings')}
          </Link>
        </Typography>
      </Section>
    );
  }

  return (
    <Section
      title={title}
      subtitle={t(
        'subtitle',
        'Each property of this content type is mirrored into a Listing (listingSource in the plugin config): its leads link to it and it goes into its advertiser’s feed. The mirrored fields are edited in the property, not in the Listing.'
      )}
    >
      <Flex direction="column" alignItems="stretch" gap={4} data-testid="listing-source">
        <Typography>
          {view.displayName
            ? t('contentType', 'Property content type: {name} ({uid})', { name: view.displayName, uid: view.contentType })
            : t('contentTypeMissing', 'The app has no content type {uid}: nothing is mirrored.', { uid: view.contentType })}
        </Typography>
        <Box>
          <Grid.Root gap={1} tag="dl" data-testid="listing-source-fields">
            {view.fields.map(({ listingField, attribute }) => (
              <React.Fragment key={listingField}>
                <Grid.Item col={4} s={6} tag="dt">
                  <Typography variant="omega" fontWeight="semiBold">
                    {listingField}
                  </Typography>
                </Grid.Item>
                <Grid.Item col={8} s={6} tag="dd" style={{ margin: 0 }}>
                  <Typography variant="omega" textColor="neutral700">
                    {`← ${attribute}`}
                  </Typography>
                </Grid.Item>
              </React.Fragment>
            ))}
          </Grid.Root>
        </Box>
        <Typography data-testid="listing-source-counts">
          {t('counts', '{mirrored} listings mirror a property, {active} of them active.', {
            mirrored: view.mirrored,
            active: view.active,
          })}
        </Typography>
        {canUpdate && (
          <Flex gap={2}>
            <Button
              type="button"
              variant="secondary"
              startIcon={<ArrowClockwise />}
              loading={starting || running}
              onClick={runResync}
            >
              {t('resync.button', 'Resync now')}
            </Button>
            <Typography variant="pi" textColor="neutral600">
              {t(
                'resync.hint',
                'Mirrors every property again: after a change of the mapping, or an import that bypassed Strapi.'
              )}
            </Typography>
          </Flex>
        )}
        {running && (
          <Typography variant="pi" textColor="neutral600" data-testid="resync-running">
            {t('resync.running', 'Resync under way (started {time}): the counts come when it is done.', {
              time: formatTime(run.startedAt),
            })}
          </Typography>
        )}
        {run?.state === 'done' && run.result && <ResyncSummary result={run.result} t={t} />}
        {run?.state === 'failed' && (
          <Typography textColor="danger600" data-testid="resync-failed">
            {t('resync.stopped', 'The last resync failed: {error}', { error: run.error ?? '' })}
          </Typography>
        )}
      </Flex>
    </Section>
  );
};
