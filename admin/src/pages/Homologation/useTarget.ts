import * as React from 'react';
import { useDebounce } from '@strapi/strapi/admin';
import type {
  HomologationAdvertiser,
  HomologationChecklistQuery,
  HomologationListing,
} from '../../../../shared/contracts/homologation';
import { useHomologationAdvertisersQuery, useHomologationListingsQuery } from '../../services/homologation';

/** A picker's options as the combobox shows them. */
export interface Options<T> {
  options: T[];
  loading: boolean;
}

/**
 * What the checks run against: an advertiser and one of its listings, each picked in a combobox
 * whose options are searched on the server as the Content Manager's relation inputs are (the text
 * typed, debounced), so an app with thousands of advertisers stays quick. The first advertiser and
 * its first listing are picked for you: one click runs the checks.
 */
export const useTarget = () => {
  const [advertiser, setAdvertiser] = React.useState<HomologationAdvertiser | null>(null);
  const [advertiserText, setAdvertiserText] = React.useState('');
  const [advertiserQuery, setAdvertiserQuery] = React.useState('');
  const [listing, setListing] = React.useState<string | null>(null);
  const [listingText, setListingText] = React.useState('');
  const [listingQuery, setListingQuery] = React.useState('');

  const advertiserTyped = useDebounce(advertiserQuery, 250);
  const listingTyped = useDebounce(listingQuery, 250);
  const advertiserSearch = useHomologationAdvertisersQuery(advertiserTyped, { refetchOnMountOrArgChange: true });
  const listingSearch = useHomologationListingsQuery(
    { advertiser: advertiser?.documentId ?? '', q: listingTyped },
    { skip: !advertiser, refetchOnMountOrArgChange: true }
  );
  // the options shown stay while the next ones are asked; a failed search offers none
  const advertisers: Options<HomologationAdvertiser> = {
    options: advertiserSearch.isError ? [] : (advertiserSearch.data ?? []),
    loading: advertiserSearch.isFetching,
  };
  const listings: Options<HomologationListing> = {
    options: advertiser && !listingSearch.isError ? (listingSearch.data ?? []) : [],
    loading: Boolean(advertiser) && listingSearch.isFetching,
  };

  // the first of each, once its own answer is in (not the options of the advertiser picked before)
  const firstAdvertiser = advertiserQuery ? undefined : advertiserSearch.currentData?.[0];
  const firstListing = listingQuery || !advertiser ? undefined : listingSearch.currentData?.[0];
  React.useEffect(() => {
    if (advertiser || !firstAdvertiser) return;
    setAdvertiser(firstAdvertiser);
    setAdvertiserText(firstAdvertiser.name);
  }, [advertiser, firstAdvertiser]);
  React.useEffect(() => {
    if (listing || !firstListing) return;
    setListing(firstListing.clientListingId);
    setListingText(firstListing.clientListingId);
  }, [listing, firstListing]);

  const pickAdvertiser = (documentId?: string) => {
    const picked = advertisers.options.find((option) => option.documentId === documentId) ?? null;
    setAdvertiser(picked);
    setAdvertiserText(picked?.name ?? '');
    setAdvertiserQuery('');
    setListing(null);
    setListingText('');
    setListingQuery('');
  };

  const pickListing = (clientListingId?: string) => {
    setListing(clientListingId ?? null);
    setListingText(clientListingId ?? '');
    setListingQuery('');
  };

  /** The checklist's query: for whom its URL and listing code are given. */
  const checklistQuery: HomologationChecklistQuery = {
    ...(advertiser ? { advertiser: advertiser.documentId } : {}),
    ...(listing ? { listing } : {}),
  };

  return {
    advertiser,
    advertiserText,
    setAdvertiserText,
    setAdvertiserQuery,
    advertisers,
    pickAdvertiser,
    listing,
    listingText,
    setListingText,
    listingQuery,
    setListingQuery,
    listings,
    pickListing,
    checklistQuery,
  };
};

export type Target = ReturnType<typeof useTarget>;
