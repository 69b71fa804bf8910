import type * as React from 'react';
import { Combobox, ComboboxOption, Field, Grid } from '@strapi/design-system';
import { useTranslate } from '../../hooks/useTranslate';
import type { Target } from './useTarget';

interface TargetFieldsProps {
  target: Target;
  /** Grid columns of each field (the secret may sit beside them). */
  column: number;
  errors: { advertiser?: string; listing?: string };
  /** A pick takes the errors of what it changes away. */
  clearErrors: (...fields: Array<'advertiser' | 'listing'>) => void;
}

/** The advertiser and the listing the checks run against, each searched as it is typed. */
export const TargetFields = ({ target, column, errors, clearErrors }: TargetFieldsProps) => {
  const t = useTranslate('homologation');
  const { advertiser, advertisers, listings } = target;
  const pickAdvertiser = (documentId?: string) => {
    target.pickAdvertiser(documentId);
    clearErrors('advertiser', 'listing');
  };
  const pickListing = (clientListingId?: string) => {
    target.pickListing(clientListingId);
    clearErrors('listing');
  };

  return (
    <>
      <Grid.Item col={column} xs={12} direction="column" alignItems="stretch">
        <Field.Root name="advertiser" error={errors.advertiser} required>
          <Field.Label>{t('advertiser.label', 'Advertiser')}</Field.Label>
          <Combobox
            value={advertiser?.documentId ?? ''}
            textValue={target.advertiserText}
            onTextValueChange={target.setAdvertiserText}
            onInputChange={(event: React.ChangeEvent<HTMLInputElement>) => target.setAdvertiserQuery(event.currentTarget.value)}
            onChange={pickAdvertiser}
            onClear={() => pickAdvertiser(undefined)}
            clearLabel={t('advertiser.clear', 'Clear the advertiser')}
            loading={advertisers.loading}
            loadingMessage={t('loading', 'Loading…')}
            noOptionsMessage={() => t('advertiser.none', 'No advertiser found')}
            placeholder={t('advertiser.placeholder', 'Name, slug or CPF/CNPJ')}
            autocomplete={{ type: 'list', filter: 'contains' }}
          >
            {advertisers.options.map((option) => (
              <ComboboxOption key={option.documentId} value={option.documentId} textValue={option.name}>
                {option.active ? option.name : t('advertiser.inactive', '{name} (inactive)', { name: option.name })}
              </ComboboxOption>
            ))}
          </Combobox>
          <Field.Error />
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={column} xs={12} direction="column" alignItems="stretch">
        <Field.Root
          name="listing"
          error={errors.listing}
          required
          hint={
            advertiser && !listings.loading && !listings.options.length && !target.listingQuery
              ? t('listing.noneYet', 'This advertiser has no listing yet: create one in the Content Manager.')
              : t('listing.hint', 'The code the portal will send as clientListingId.')
          }
        >
          <Field.Label>{t('listing.label', 'Test listing (clientListingId)')}</Field.Label>
          <Combobox
            value={target.listing ?? ''}
            textValue={target.listingText}
            onTextValueChange={target.setListingText}
            onInputChange={(event: React.ChangeEvent<HTMLInputElement>) => target.setListingQuery(event.currentTarget.value)}
            onChange={pickListing}
            onClear={() => pickListing(undefined)}
            clearLabel={t('listing.clear', 'Clear the listing')}
            disabled={!advertiser}
            loading={listings.loading}
            loadingMessage={t('loading', 'Loading…')}
            noOptionsMessage={() => t('listing.none', 'No listing found')}
            placeholder={t('listing.placeholder', 'Listing code or title')}
            autocomplete={{ type: 'list', filter: 'contains' }}
          >
            {listings.options.map((option) => (
              <ComboboxOption key={option.documentId} value={option.clientListingId} textValue={option.clientListingId}>
                {option.title ? `${option.clientListingId} — ${option.title}` : option.clientListingId}
              </ComboboxOption>
            ))}
          </Combobox>
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      </Grid.Item>
    </>
  );
};
