import { Badge, Flex, Typography } from '@strapi/design-system';
import type { LeadDetail } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { useTranslate } from '../../hooks/useTranslate';
import { Detail } from './Detail';

/** The advertiser the lead came for, and the listing its code names (or why there is none). */
export const LeadListingPanel = ({ lead }: { lead: LeadDetail }) => {
  const t = useTranslate('leads');
  return (
    <Section title={t('lead.listing', 'Listing and advertiser')}>
      <Flex direction="column" alignItems="stretch" gap={4} tag="dl" style={{ margin: 0 }}>
        <Detail label={t('lead.advertiser', 'Advertiser')}>
          {lead.advertiser && (
            <>
              {lead.advertiser.name}{' '}
              <Typography variant="pi" textColor="neutral600">
                ({lead.advertiser.slug})
              </Typography>
            </>
          )}
        </Detail>
        <Detail label={t('lead.listing.code', 'Listing')}>
          {lead.listing ? (
            <>
              {lead.listing.clientListingId}
              {lead.listing.title && (
                <Typography tag="div" variant="pi" textColor="neutral600">
                  {lead.listing.title}
                </Typography>
              )}
            </>
          ) : lead.clientListingId ? (
            <Flex direction="column" alignItems="flex-start" gap={1}>
              {lead.clientListingId}
              <Badge variant="warning" size="S">
                {t('listing.notMatched', 'Not matched')}
              </Badge>
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'lead.listing.notMatched',
                  'No listing of the advertiser has this code yet; the lead is linked when one is created.'
                )}
              </Typography>
            </Flex>
          ) : (
            t('lead.listing.none', 'None (this kind of lead has no listing)')
          )}
        </Detail>
      </Flex>
    </Section>
  );
};
