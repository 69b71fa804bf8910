import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { LeadDetail, PersonLead } from '../../../../shared/contracts/leads';
import { useTranslate } from '../../hooks/useTranslate';
import { leadPath } from '../../paths';
import { useLeadPersonQuery } from '../../services/leads';
import { Section } from '../Section';
import { LeadStatusBadge, userName } from './labels';

const PersonLeadItem = ({ lead, advertiserShown }: { lead: PersonLead; advertiserShown: boolean }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const listing = lead.listing
    ? [lead.listing.clientListingId, lead.listing.title].filter(Boolean).join(' · ')
    : lead.clientListingId;
  const matched = lead.matchedBy
    .map((match) => (match === 'phone' ? t('person.byPhone', 'same phone') : t('person.byEmail', 'same e-mail')))
    .join(', ');
  return (
    <Box
      tag="li"
      paddingTop={3}
      paddingBottom={3}
      borderColor="neutral150"
      style={{ borderWidth: '1px 0 0', borderStyle: 'solid' }}
    >
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={2} wrap="wrap">
          <Link tag={NavLink} to={leadPath(lead.documentId)}>
            {formatDate(lead.receivedAt, { dateStyle: 'medium', timeStyle: 'short' })}
          </Link>
          <LeadStatusBadge status={lead.status} />
        </Flex>
        <Typography variant="pi" textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
          {listing || t('person.noListing', 'No listing')}
          {lead.leadOrigin && ` · ${lead.leadOrigin}`}
          {advertiserShown && lead.advertiser && ` · ${lead.advertiser.name}`}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {lead.assignee
            ? t('person.assignee', 'With {name}', { name: userName(lead.assignee) })
            : t('person.unassigned', 'Unassigned')}{' '}
          · {matched}
        </Typography>
      </Flex>
    </Box>
  );
};

/**
 * The person's other leads (the same phone or e-mail, from any portal), newest first, so an agent
 * sees who is asking again, about what, and who talks to them already.
 */
export const LeadPersonPanel = ({ lead }: { lead: LeadDetail }) => {
  const t = useTranslate('leads');
  const { data, isLoading, isError } = useLeadPersonQuery(lead.documentId);
  if (isLoading) return null;
  const others = data?.leads ?? [];
  return (
    <Section title={t('person.title', 'This person’s other leads')}>
      {isError ? (
        <Typography textColor="danger600">{t('person.failed', 'The person’s other leads could not be loaded.')}</Typography>
      ) : others.length === 0 ? (
        <Typography textColor="neutral600">{t('person.none', 'No other lead from this phone or e-mail.')}</Typography>
      ) : (
        <Box
          tag="ol"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
          aria-label={t('person.title', 'This person’s other leads')}
        >
          {others.map((other) => (
            <PersonLeadItem
              key={other.documentId}
              lead={other}
              advertiserShown={other.advertiser?.documentId !== lead.advertiser?.documentId}
            />
          ))}
        </Box>
      )}
      {data?.more && (
        <Typography variant="pi" textColor="neutral600">
          {t('person.more', 'The newest {count} are shown.', { count: others.length })}
        </Typography>
      )}
    </Section>
  );
};
