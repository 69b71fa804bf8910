import * as React from 'react';
import { Box, Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { LeadDetail } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { useApiError } from '../../hooks/useApiError';
import { useTranslate } from '../../hooks/useTranslate';
import { useAddLeadNoteMutation } from '../../services/leads';
import { userName } from './labels';

/** The CRM users' notes on the lead, newest first, and (for users who may change leads) a new one. */
export const LeadNotesPanel = ({ lead, canUpdate }: { lead: LeadDetail; canUpdate: boolean }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const { toggleNotification } = useNotification();
  const { notifyError } = useApiError();
  const [addNote, { isLoading: saving }] = useAddLeadNoteMutation();
  const [body, setBody] = React.useState('');

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    const answer = await addNote({ documentId: lead.documentId, body });
    if ('error' in answer) {
      notifyError(answer.error, t('notes.failed', 'The note could not be added.'));
      return;
    }
    setBody('');
    toggleNotification({ type: 'success', message: t('notes.added', 'Note added') });
  };

  return (
    <Section title={t('notes.title', 'Notes')}>
      {canUpdate && (
        <form onSubmit={add}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Field.Root name="note" hint={t('notes.hint', 'Only the CRM’s users see notes; the portal and the client do not.')}>
              <Field.Label>{t('notes.label', 'New note')}</Field.Label>
              <Textarea
                value={body}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setBody(event.target.value)}
                placeholder={t('notes.placeholder', 'What was said, what comes next…')}
                maxLength={10000}
              />
              <Field.Hint />
            </Field.Root>
            <Flex justifyContent="flex-end">
              <Button type="submit" variant="secondary" loading={saving} disabled={!body.trim()}>
                {t('notes.add', 'Add note')}
              </Button>
            </Flex>
          </Flex>
        </form>
      )}
      {lead.notes.length === 0 ? (
        <Typography textColor="neutral600">{t('notes.empty', 'No note yet.')}</Typography>
      ) : (
        <Flex
          direction="column"
          alignItems="stretch"
          gap={3}
          tag="ol"
          aria-label={t('notes.list', 'Notes on this lead')}
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {lead.notes.map((note) => (
            <Box key={note.id} tag="li" background="neutral100" hasRadius padding={4}>
              <Flex justifyContent="space-between" gap={2} paddingBottom={2} wrap="wrap">
                <Typography fontWeight="bold" textColor="neutral800">
                  {userName(note.author) || t('notes.unknownAuthor', 'A removed user')}
                </Typography>
                <Typography variant="pi" textColor="neutral600" tag="time" dateTime={note.createdAt}>
                  {formatDate(note.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </Typography>
              </Flex>
              <Typography textColor="neutral800" style={{ whiteSpace: 'pre-wrap' }}>
                {note.body}
              </Typography>
            </Box>
          ))}
        </Flex>
      )}
    </Section>
  );
};
