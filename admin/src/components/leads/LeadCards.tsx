import type * as React from 'react';
import { Box, Flex, LinkButton, Typography } from '@strapi/design-system';
import { Discuss, Phone } from '@strapi/icons';
import { Link, type LinkProps } from 'react-router-dom';
import type { LeadListItem } from '../../../../shared/contracts/leads';
import { telHref, whatsappHref } from '../../../../shared/contact-links';
import { useTranslate } from '../../hooks/useTranslate';
import { LeadNameBadges, ListingCell, ReceivedAt, StatusCell } from './LeadCells';
import { useFormatPhone } from '../../hooks/useFormatPhone';
import { phoneOf, userName } from './labels';

interface LeadCardsProps {
  leads: LeadListItem[];
  /** The lead page's address, with the list's view (for Previous / Next / Back). */
  linkTo: (lead: LeadListItem) => LinkProps['to'];
  open: (lead: LeadListItem) => void;
  isNew: (lead: LeadListItem) => boolean;
}

/** A tap on a call or WhatsApp link is that, not a tap on the card. */
const stop = (event: React.MouseEvent) => event.stopPropagation();

/**
 * The inbox on a phone: one card per lead, tapped to open it, with what an agent acts on (status
 * and SLA, assignee, when it arrived) and links to call the person or write on WhatsApp. The links
 * are made only of the phone the server found valid (`phoneE164`), never of the text the portal sent.
 */
export const LeadCards = ({ leads, linkTo, open, isNew }: LeadCardsProps) => {
  const t = useTranslate('leads');
  const formatPhone = useFormatPhone();
  return (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={3} aria-label={t('cards.label', 'Leads')}>
      {leads.map((lead) => {
        const tel = telHref(lead.phoneE164);
        const whatsApp = whatsappHref(lead.phoneE164);
        const phone = phoneOf(lead);
        return (
          <Box
            tag="li"
            key={lead.id}
            data-testid="lead-card"
            background="neutral0"
            hasRadius
            shadow="tableShadow"
            padding={4}
            cursor="pointer"
            onClick={() => open(lead)}
          >
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
                <Flex gap={2} wrap="wrap">
                  <Typography
                    tag={Link}
                    to={linkTo(lead)}
                    onClick={stop}
                    textColor="neutral800"
                    fontWeight="semiBold"
                    style={{ textDecoration: 'none', overflowWrap: 'anywhere' }}
                  >
                    {lead.name || t('list.noName', '(no name)')}
                  </Typography>
                  <LeadNameBadges lead={lead} isNew={isNew(lead)} />
                </Flex>
                <ReceivedAt at={lead.receivedAt} variant="pi" />
              </Flex>
              <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
                <StatusCell lead={lead} />
                <Typography variant="pi" textColor="neutral600" textAlign="right" ellipsis tag="div" maxWidth="50%">
                  {userName(lead.assignee) || t('filters.assignee.none', 'Unassigned')}
                </Typography>
              </Flex>
              {(lead.listing || lead.clientListingId) && <ListingCell lead={lead} maxWidth="100%" />}
              {phone && (
                <Flex gap={2} wrap="wrap" alignItems="center">
                  <Typography variant="pi" textColor="neutral600" style={{ overflowWrap: 'anywhere' }}>
                    {formatPhone(phone)}
                  </Typography>
                  {tel && (
                    <LinkButton href={tel} onClick={stop} size="S" variant="secondary" startIcon={<Phone />}>
                      {t('card.call', 'Call')}
                    </LinkButton>
                  )}
                  {whatsApp && (
                    <LinkButton
                      href={whatsApp}
                      onClick={stop}
                      isExternal
                      size="S"
                      variant="success-light"
                      startIcon={<Discuss />}
                    >
                      WhatsApp
                    </LinkButton>
                  )}
                </Flex>
              )}
            </Flex>
          </Box>
        );
      })}
    </Flex>
  );
};
