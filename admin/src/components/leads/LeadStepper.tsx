import { Button, Flex, Link, LinkButton, Typography } from '@strapi/design-system';
import { ArrowLeft, ArrowRight } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import type { LeadDetail } from '../../../../shared/contracts/leads';
import { useTranslate } from '../../hooks/useTranslate';
import { INBOX_PATH, leadPath } from '../../paths';
import { apiSortOf, isFiltered, searchOf, type ListUrlQuery } from '../../pages/Leads/listQuery';
import type { LeadNeighbours, Neighbour } from '../../services/leads';

/** Previous or next lead of the view: a link, or a disabled button at either end. */
const StepLink = ({
  to,
  name,
  direction,
}: {
  to: { pathname: string; search: string } | null;
  name: string | null | undefined;
  direction: 'previous' | 'next';
}) => {
  const t = useTranslate('leads');
  const label = direction === 'previous' ? t('lead.previous', 'Previous') : t('lead.next', 'Next');
  const icons = direction === 'previous' ? { startIcon: <ArrowLeft /> } : { endIcon: <ArrowRight /> };
  if (!to) {
    return (
      <Button variant="tertiary" disabled {...icons}>
        {label}
      </Button>
    );
  }
  return (
    <LinkButton tag={NavLink} to={to} variant="tertiary" title={name ?? undefined} {...icons}>
      {label}
    </LinkButton>
  );
};

/** Back to the inbox, in the view the lead was opened from (on the page the lead is on). */
export const BackLink = ({ query, page }: { query: ListUrlQuery; page: number | null }) => {
  const t = useTranslate('leads');
  const search = searchOf(page ? { ...query, page: String(page) } : query);
  return (
    <Link tag={NavLink} to={{ pathname: INBOX_PATH, search }} startIcon={<ArrowLeft />}>
      {t('lead.back', 'Back to the leads')}
    </Link>
  );
};

interface LeadStepperProps {
  lead: LeadDetail;
  /** The inbox view the lead was opened from (the URL's query). */
  query: ListUrlQuery;
  neighbours: LeadNeighbours;
  /** The neighbours are still being looked for. */
  loading: boolean;
}

/** The lead's place in the inbox view, and the steps to the leads before and after it. */
export const LeadStepper = ({ lead, query, neighbours, loading }: LeadStepperProps) => {
  const t = useTranslate('leads');
  // off the view (a direct link): the newest-first order of every lead, the server's neighbours
  const unfilteredDefault = !isFiltered(query) && apiSortOf(query.sort) === 'receivedAt:desc';
  const fallback = !loading && neighbours.position === null && unfilteredDefault;
  const previous: Neighbour | null = fallback
    ? lead.previous
      ? { documentId: lead.previous, name: null, page: 0 }
      : null
    : neighbours.previous;
  const next: Neighbour | null = fallback ? (lead.next ? { documentId: lead.next, name: null, page: 0 } : null) : neighbours.next;
  const stepTo = (neighbour: Neighbour) => ({
    pathname: leadPath(neighbour.documentId),
    search: searchOf(neighbour.page ? { ...query, page: String(neighbour.page) } : query),
  });

  return (
    <Flex gap={2} tag="nav" aria-label={t('lead.stepper', 'Leads of the list')}>
      {neighbours.position !== null && neighbours.total !== null && (
        <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'nowrap' }}>
          {neighbours.totalIsExact
            ? t('lead.position', '{position, number} of {total, number}', {
                position: neighbours.position,
                total: neighbours.total,
              })
            : t('lead.positionAtLeast', '{position, number} of {total, number}+', {
                position: neighbours.position,
                total: neighbours.total,
              })}
        </Typography>
      )}
      <StepLink to={previous && stepTo(previous)} name={previous?.name} direction="previous" />
      <StepLink to={next && stepTo(next)} name={next?.name} direction="next" />
    </Flex>
  );
};
