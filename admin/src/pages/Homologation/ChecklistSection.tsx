import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import type { HomologationChecklist } from '../../../../shared/contracts/homologation';
import { Section } from '../../components/Section';
import { useCopyWithNotice } from '../../hooks/useCopyWithNotice';
import { useTranslate } from '../../hooks/useTranslate';

/** What Grupo ZAP asks for before it homologates a CRM, as text ready to paste into an e-mail. */
export const ChecklistSection = ({ checklist }: { checklist: HomologationChecklist }) => {
  const copyWithNotice = useCopyWithNotice();
  const t = useTranslate('homologation.checklist');

  const missing = t('missing', '(not set)');
  const lines = [
    t('endpoint', 'Endpoint URL: {value}', { value: checklist.endpointUrl ?? missing }),
    t('crmName', 'CRM name: {value}', { value: checklist.crmName }),
    t('listing', 'clientListingId for the test: {value}', { value: checklist.testClientListingId ?? missing }),
    t('email', 'E-mail for integration errors: {value}', { value: checklist.errorsEmail ?? missing }),
  ];
  const text = lines.join('\n');

  const notes = [
    checklist.endpointProblem,
    !checklist.advertiser && checklist.endpointUrl?.includes('ADVERTISER-ID')
      ? t('note.advertiser', 'Pick an advertiser above for its own URL.')
      : null,
    !checklist.testClientListingId ? t('note.listing', 'No listing yet: create one in the Content Manager.') : null,
    checklist.crmNameSource === 'app'
      ? t('note.crmName', 'The CRM name is the app’s name; set crmName in the plugin config to change it.')
      : null,
    checklist.feedUrl && checklist.feedUrlHasToken
      ? t('note.feedKept', 'Listing feed: register {value} in Canal Pro.', { value: checklist.feedUrl })
      : checklist.feedUrl
        ? t(
            'note.feed',
            'Listing feed: register {value}?token=… in Canal Pro (the token is made in the advertiser’s edit view).',
            {
              value: checklist.feedUrl,
            }
          )
        : null,
    checklist.errorsEmailSource === 'user'
      ? t('note.email', 'The e-mail is yours: the plugin config has no notifications.errorsEmail.')
      : null,
  ].filter((note): note is string => Boolean(note));

  const onCopy = () => copyWithNotice(text);

  return (
    <Section
      title={t('title', 'What to e-mail the portal')}
      subtitle={t('subtitle', 'Grupo ZAP asks for these to homologate the integration. Send the secret through another channel.')}
    >
      <Box
        background="neutral100"
        hasRadius
        padding={4}
        borderColor="neutral200"
        data-testid="homologation-checklist"
        aria-label={t('title', 'What to e-mail the portal')}
        role="region"
      >
        <Typography tag="pre" style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'monospace' }}>
          {text}
        </Typography>
      </Box>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          {notes.map((note) => (
            <Typography key={note} variant="pi" textColor="neutral600">
              {note}
            </Typography>
          ))}
        </Flex>
        <Button variant="secondary" startIcon={<Duplicate />} onClick={onCopy}>
          {t('copy', 'Copy the checklist')}
        </Button>
      </Flex>
    </Section>
  );
};
