import * as React from 'react';
import { Badge, Flex, Typography } from '@strapi/design-system';
import type { HomologationRun } from '../../../../shared/contracts/homologation';
import { Section } from '../../components/Section';
import { useTranslate } from '../../hooks/useTranslate';
import { ResultsTable } from './ResultsTable';

/** The verdict of a run: pass or fail, where the cases went, as whom, and each case's answer. */
export const RunResults = React.forwardRef<HTMLDivElement, { run: HomologationRun }>(({ run }, ref) => {
  const t = useTranslate('homologation');
  const credentialLine =
    run.credentialSource === 'config'
      ? t(
          'results.signedConfig',
          'Signed as “{username}” with the secret you typed (the plugin config’s secretKey), used for this run only.',
          {
            username: run.username,
          }
        )
      : t('results.signedTyped', 'Signed as “{username}” with the secret you typed (used for this run only).', {
          username: run.username,
        });

  return (
    <div ref={ref}>
      <Section title={t('results.title', 'Results')}>
        <Flex direction="column" alignItems="stretch" gap={2} aria-live="polite">
          <Flex gap={3} wrap="wrap">
            <Badge variant={run.passed ? 'success' : 'danger'} size="M">
              {run.passed ? t('results.passed', 'All checks pass') : t('results.failed', 'Some checks fail')}
            </Badge>
            <Typography textColor="neutral700" data-testid="homologation-url">
              {t('results.url', 'Posted to {url}', { url: run.url })}
            </Typography>
          </Flex>
          <Typography variant="pi" textColor="neutral600">
            {credentialLine}
          </Typography>
          {!run.listingKnown && (
            <Typography variant="pi" textColor="neutral600">
              {t(
                'results.listingUnknown',
                '{advertiser} has no listing {listing}: the lead was kept and will be linked when it exists.',
                {
                  advertiser: run.advertiser.name,
                  listing: run.clientListingId,
                }
              )}
            </Typography>
          )}
        </Flex>
        <ResultsTable cases={run.cases} />
      </Section>
    </div>
  );
});
RunResults.displayName = 'RunResults';
