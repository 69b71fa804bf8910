import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { AdminUserRef, LeadActivity, LeadDetail, LeadStatus } from '../../../../shared/contracts/leads';
import { Section } from '../Section';
import { useTranslate } from '../../hooks/useTranslate';
import { useInboxOptions } from '../../services/leads';
import { useFollowUpKindLabels, useStatusLabels, userName } from './labels';

/** What happened to the lead, newest first: who changed what, and what the plugin did on its own. */
export const LeadTimelinePanel = ({ lead }: { lead: LeadDetail }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const { statusLabel } = useStatusLabels();
  const kindLabel = useFollowUpKindLabels();
  const when = (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'short', timeStyle: 'short' }) : '');
  const options = useInboxOptions();
  const nameOf = (id: string | null) => {
    if (id === null) return t('timeline.nobody', 'nobody');
    const user: AdminUserRef | undefined = [...options.assignees, lead.assignee, lead.firstResponder].find(
      (candidate) => candidate && String(candidate.id) === id
    ) as AdminUserRef | undefined;
    return user ? userName(user) : `#${id}`;
  };

  const describe = (activity: LeadActivity): string => {
    const { detail } = activity;
    switch (activity.kind) {
      case 'status':
        return activity.to === 'lost' && detail.reason
          ? t('timeline.lost', 'Status {from} → {to}: {reason}', {
              from: statusLabel(activity.from as LeadStatus),
              to: statusLabel('lost'),
              reason: String(detail.reason),
            })
          : t('timeline.status', 'Status {from} → {to}', {
              from: statusLabel(activity.from as LeadStatus),
              to: statusLabel(activity.to as LeadStatus),
            });
      case 'assignment':
        return detail.by === 'distribution'
          ? detail.rule === 'returning'
            ? t('timeline.distributedReturning', 'Given to {to}, who holds this person’s open lead', { to: nameOf(activity.to) })
            : t('timeline.distributed', 'Given to {to} by distribution', { to: nameOf(activity.to) })
          : detail.by === 'sla'
            ? t('timeline.reassignedSla', 'Reassigned from {from} to {to}: no first response in time', {
                from: nameOf(activity.from),
                to: nameOf(activity.to),
              })
            : t('timeline.assigned', 'Assignee {from} → {to}', { from: nameOf(activity.from), to: nameOf(activity.to) });
      case 'note':
        return t('timeline.note', 'Note added');
      case 'delivery':
        return detail.replay
          ? t('timeline.replay', 'Delivery replayed from the admin ({code})', { code: String(detail.code ?? '') })
          : activity.to === 'created'
            ? t('timeline.created', 'Received from the portal')
            : t('timeline.delivery', 'Delivered again by the portal ({code})', { code: String(detail.code ?? '') });
      case 'email':
        return detail.message === 'overdue'
          ? t('timeline.emailOverdue', 'E-mail to the manager: no first response in time')
          : detail.message === 'follow-up'
            ? t('timeline.emailFollowUp', 'Follow-up reminder e-mailed')
            : t('timeline.emailNew', 'New lead e-mail sent ({count, plural, one {# recipient} other {# recipients}})', {
                count: Number(detail.recipients ?? 1),
              });
      case 'sla':
        return t('timeline.sla', 'First response overdue');
      case 'follow-up':
        return activity.to
          ? t('timeline.followUp', 'Next step: {kind}, {date}', {
              kind: kindLabel(String(detail.kind ?? 'other')),
              date: when(activity.to),
            })
          : t('timeline.followUpCleared', 'Next step cleared');
      case 'reminder':
        return t('timeline.reminder', 'Reminder: {kind}, {date}', {
          kind: kindLabel(String(detail.kind ?? 'other')),
          date: when(activity.to),
        });
      default:
        return activity.kind;
    }
  };

  return (
    <Section title={t('timeline.title', 'Timeline')}>
      {lead.activities.length === 0 ? (
        <Typography textColor="neutral600">{t('timeline.empty', 'Nothing has happened to this lead yet.')}</Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={3} tag="ol" style={{ margin: 0, padding: 0, listStyle: 'none' }}>
          {lead.activities.map((activity, index) => (
            <Box
              key={`${activity.at}-${index}`}
              tag="li"
              paddingLeft={3}
              style={{ borderLeft: '2px solid var(--timeline-line, #dcdce4)' }}
            >
              <Typography variant="omega" textColor="neutral800" tag="p">
                {describe(activity)}
              </Typography>
              <Typography variant="pi" textColor="neutral600" tag="p">
                {formatDate(activity.at, { dateStyle: 'short', timeStyle: 'short' })}
                {activity.actor ? ` · ${userName(activity.actor)}` : ''}
              </Typography>
            </Box>
          ))}
        </Flex>
      )}
    </Section>
  );
};
