import * as React from 'react';
import { Alert, Badge, Flex, Grid } from '@strapi/design-system';
import { Layouts, Page, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { Loaded } from '../../components/Loaded';
import { LeadContactPanel } from '../../components/leads/LeadContactPanel';
import { LeadDeliveriesPanel } from '../../components/leads/LeadDeliveriesPanel';
import { LeadInfoPanel } from '../../components/leads/LeadInfoPanel';
import { LeadListingPanel } from '../../components/leads/LeadListingPanel';
import { LeadNotesPanel } from '../../components/leads/LeadNotesPanel';
import { LeadPortalPanel } from '../../components/leads/LeadPortalPanel';
import { LeadTimelinePanel } from '../../components/leads/LeadTimelinePanel';
import { BackLink, LeadStepper } from '../../components/leads/LeadStepper';
import { LeadWorkPanel } from '../../components/leads/LeadWorkPanel';
import { LeadNextStepPanel } from '../../components/leads/LeadNextStepPanel';
import { LeadPersonPanel } from '../../components/leads/LeadPersonPanel';
import { LeadStatusBadge, OverdueBadge } from '../../components/leads/labels';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { statusOf } from '../../services/api';
import { NO_NEIGHBOURS, useLeadNeighboursQuery, useLeadQuery } from '../../services/leads';
import { apiSearchOf, type ListUrlQuery } from './listQuery';

/** One lead: who it is and what the portal sent (left), how it is worked (right). */
const LeadPageContent = ({ documentId }: { documentId: string }) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const {
    allowedActions: { canUpdate },
  } = useRBAC(PERMISSIONS.leadsUpdate);
  const [{ query }] = useQueryParams<ListUrlQuery>();
  const lead = useLeadQuery(documentId, { refetchOnMountOrArgChange: true });
  // read once per lead and view: a change of status (which may take the lead out of the view) keeps them
  const neighbours = useLeadNeighboursQuery({ documentId, view: apiSearchOf(query) }, { refetchOnMountOrArgChange: true });

  React.useEffect(() => {
    // stepping to the previous or next lead starts at its top (the admin scrolls its main column)
    document.querySelector('[data-strapi-main-content]')?.scrollTo({ top: 0 });
    window.scrollTo({ top: 0 });
  }, [documentId]);

  if (!lead.currentData && statusOf(lead.error) === 404) {
    return (
      <Page.Main>
        <Layouts.Header title={t('lead.notFound', 'Lead not found')} navigationAction={<BackLink query={query} page={null} />} />
        <Layouts.Content>
          <Page.NoData />
        </Layouts.Content>
      </Page.Main>
    );
  }

  return (
    // the lead asked for, not the one shown before it
    <Loaded queries={{ lead: { data: lead.currentData, isError: lead.isError } }}>
      {({ lead: shown }) => (
        <Page.Main>
          <Page.Title>{`${shown.name || t('list.noName', '(no name)')} – ${t('list.title', 'Leads')}`}</Page.Title>
          <Layouts.Header
            navigationAction={<BackLink query={query} page={neighbours.isError ? null : (neighbours.data?.page ?? null)} />}
            title={shown.name || t('list.noName', '(no name)')}
            subtitle={t('lead.subtitle', 'Received {date} from {origin}', {
              date: formatDate(shown.receivedAt, { dateStyle: 'long', timeStyle: 'short' }),
              origin: shown.leadOrigin || t('lead.unknownOrigin', 'an unknown origin'),
            })}
            secondaryAction={
              <Flex gap={2}>
                <LeadStatusBadge status={shown.status} />
                {shown.overdue && <OverdueBadge />}
                {shown.isTest && <Badge>{t('list.test', 'Test')}</Badge>}
              </Flex>
            }
            primaryAction={
              <LeadStepper
                lead={shown}
                query={query}
                neighbours={neighbours.isError ? NO_NEIGHBOURS : (neighbours.data ?? NO_NEIGHBOURS)}
                loading={neighbours.isFetching}
              />
            }
          />
          <Layouts.Content>
            <Grid.Root gap={4}>
              <Grid.Item col={8} s={12} direction="column" alignItems="stretch" gap={4}>
                {shown.anonymizedAt && (
                  <Alert variant="default" closeLabel={t('lead.close', 'Close')} title={t('lead.anonymized.title', 'Anonymised')}>
                    {t('lead.anonymized', 'This lead’s personal data was erased on {date}.', {
                      date: formatDate(shown.anonymizedAt, { dateStyle: 'long' }),
                    })}
                  </Alert>
                )}
                <LeadContactPanel lead={shown} />
                <LeadPortalPanel lead={shown} />
                <LeadNotesPanel lead={shown} canUpdate={canUpdate} />
                <LeadTimelinePanel lead={shown} />
                <LeadDeliveriesPanel lead={shown} />
              </Grid.Item>

              <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={4}>
                <LeadWorkPanel lead={shown} canUpdate={canUpdate} />
                <LeadNextStepPanel lead={shown} canUpdate={canUpdate} />
                <LeadPersonPanel lead={shown} />
                <LeadListingPanel lead={shown} />
                <LeadInfoPanel lead={shown} />
              </Grid.Item>
            </Grid.Root>
          </Layouts.Content>
        </Page.Main>
      )}
    </Loaded>
  );
};

const LeadPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  if (!documentId) return <Page.Error />;
  return <LeadPageContent documentId={documentId} />;
};

const ProtectedLeadPage = () => (
  <Page.Protect permissions={PERMISSIONS.leadsRead}>
    <LeadPage />
  </Page.Protect>
);

export { ProtectedLeadPage as LeadPage };
