import * as React from 'react';
import { Box, SearchForm, Searchbar } from '@strapi/design-system';
import { withEncodedUserParams } from '@strapi/strapi/admin';
import { useTranslate } from '../../hooks/useTranslate';
import type { ListUrlQuery } from '../../pages/Leads/listQuery';

interface LeadSearchProps {
  query: ListUrlQuery;
  setQuery: (next: ListUrlQuery, method?: 'push' | 'remove', replace?: boolean) => void;
}

/** Always shown (an inbox is searched all day), submitted with Enter as the admin's SearchInput. */
export const LeadSearch = ({ query, setQuery }: LeadSearchProps) => {
  const t = useTranslate('leads');
  const current = typeof query._q === 'string' ? query._q : '';
  const [value, setValue] = React.useState(current);
  React.useEffect(() => setValue(current), [current]); // back/forward, a shared link

  const search = (text: string) =>
    setQuery(withEncodedUserParams(query, { _q: text.trim() ? encodeURIComponent(text.trim()) : undefined, page: '1' }));

  return (
    <Box width="28rem" maxWidth="100%">
      <SearchForm
        onSubmit={(event: React.FormEvent) => {
          event.preventDefault();
          search(value);
        }}
      >
        <Searchbar
          name="q"
          value={value}
          size="S"
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setValue(event.target.value)}
          onClear={() => {
            setValue('');
            search('');
          }}
          clearLabel={t('search.clear', 'Clear the search')}
          placeholder={t('search.placeholder', 'Name, e-mail, phone or message')}
        >
          {t('search.label', 'Search leads')}
        </Searchbar>
      </SearchForm>
    </Box>
  );
};
