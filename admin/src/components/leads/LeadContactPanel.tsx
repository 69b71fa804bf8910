import { Box, Flex, Grid, Link } from '@strapi/design-system';
import { Discuss, Mail, Phone } from '@strapi/icons';
import type { LeadDetail } from '../../../../shared/contracts/leads';
import { mailtoHref, telHref, whatsappHref } from '../../../../shared/contact-links';
import { Section } from '../Section';
import { useFormatPhone } from '../../hooks/useFormatPhone';
import { useTranslate } from '../../hooks/useTranslate';
import { displayText } from '../../utils/displayText';
import { ClippedText } from './ClippedText';
import { Detail } from './Detail';
import { phoneOf } from './labels';

/** Who the lead is and how to reach them: name, e-mail, phone (with WhatsApp), and what they wrote. */
export const LeadContactPanel = ({ lead }: { lead: LeadDetail }) => {
  const t = useTranslate('leads');
  const formatPhone = useFormatPhone();
  const phone = displayText(phoneOf(lead));
  const tel = telHref(lead.phoneE164 || phone);
  const whatsApp = whatsappHref(lead.phoneE164);
  const mailto = mailtoHref(lead.email);

  return (
    <Section title={t('lead.contact', 'Contact')}>
      <Grid.Root gap={5} tag="dl" style={{ margin: 0 }}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.name', 'Name')}>{lead.name}</Detail>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.email', 'E-mail')}>
            {mailto ? (
              <Link href={mailto} startIcon={<Mail />}>
                {displayText(lead.email)}
              </Link>
            ) : (
              lead.email
            )}
          </Detail>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.phone', 'Phone')}>
            {phone && (
              <Flex gap={3} wrap="wrap">
                {tel ? (
                  <Link href={tel} startIcon={<Phone />}>
                    {formatPhone(phone)}
                  </Link>
                ) : (
                  formatPhone(phone)
                )}
                {whatsApp && (
                  <Link href={whatsApp} isExternal startIcon={<Discuss />}>
                    WhatsApp
                  </Link>
                )}
              </Flex>
            )}
          </Detail>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.phoneAsSent', 'Phone as sent')}>
            {[lead.ddd && `(${displayText(lead.ddd)})`, displayText(lead.phone)].filter(Boolean).join(' ') ||
              lead.payload?.phoneNumber}
          </Detail>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Detail label={t('lead.message', 'Message')}>
            {lead.message ? (
              <Box tag="span" display="block" background="neutral100" hasRadius padding={4} style={{ whiteSpace: 'pre-wrap' }}>
                <ClippedText text={displayText(lead.message)} />
              </Box>
            ) : null}
          </Detail>
        </Grid.Item>
      </Grid.Root>
    </Section>
  );
};
