import * as React from 'react';
import { Box, Button, Field, Grid, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { Search } from '@strapi/icons';
import type { PrivacySubjectBody, SubjectKind } from '../../../../shared/contracts/privacy';
import { Section } from '../../components/Section';
import { useTranslate } from '../../hooks/useTranslate';
import { KIND_LABELS, KINDS } from './labels';

const PLACEHOLDERS: Record<SubjectKind, string> = {
  email: 'nome@exemplo.com.br',
  phone: '(48) 98862-7634',
  cpf: '000.000.000-00',
};

interface SubjectSearchFormProps {
  searching: boolean;
  /** Searches; resolves to the value's error when the server refused it. */
  onSearch: (subject: PrivacySubjectBody) => Promise<string | null>;
  /** The subject searched last, however it was asked (typed here, or another identifier of the results). */
  asked: PrivacySubjectBody | null;
}

/** "Find a person": by e-mail, phone or CPF. */
export const SubjectSearchForm = ({ searching, onSearch, asked }: SubjectSearchFormProps) => {
  const t = useTranslate('privacy');
  const [kind, setKind] = React.useState<SubjectKind>('email');
  const [value, setValue] = React.useState('');
  const [valueError, setValueError] = React.useState<string | undefined>();
  const [shown, setShown] = React.useState(asked);
  if (asked !== shown) {
    // the fields say what the results are about
    setShown(asked);
    if (asked) {
      setKind(asked.kind);
      setValue(asked.value);
    }
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!value.trim()) {
      setValueError(t('search.required', 'Type what to search for'));
      return;
    }
    setValueError((await onSearch({ kind, value: value.trim() })) ?? undefined);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Section
        title={t('search.title', 'Find a person')}
        subtitle={t(
          'search.subtitle',
          'By e-mail, phone (any spelling) or CPF, in the leads, their notes and every delivery the portal made, refused ones included, and in what others’ leads, notes and deliveries say. Each search is recorded in the audit log.'
        )}
      >
        <Grid.Root gap={4}>
          <Grid.Item col={3} xs={12} direction="column" alignItems="stretch">
            <Field.Root name="kind">
              <Field.Label>{t('search.kind', 'Search by')}</Field.Label>
              <SingleSelect
                value={kind}
                onChange={(next: string | number) => {
                  setKind(next as SubjectKind);
                  setValueError(undefined);
                }}
              >
                {KINDS.map((option) => (
                  <SingleSelectOption key={option} value={option}>
                    {t(`kind.${option}`, KIND_LABELS[option])}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
            <Field.Root name="value" error={valueError} required>
              <Field.Label>{t(`kind.${kind}`, KIND_LABELS[kind])}</Field.Label>
              <TextInput
                value={value}
                placeholder={PLACEHOLDERS[kind]}
                autoComplete="off"
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                  setValue(event.target.value);
                  setValueError(undefined);
                }}
              />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} xs={12} direction="column" alignItems="stretch" justifyContent="flex-end">
            <Box paddingTop={6}>
              <Button type="submit" startIcon={<Search />} loading={searching}>
                {t('search.button', 'Search')}
              </Button>
            </Box>
          </Grid.Item>
        </Grid.Root>
      </Section>
    </form>
  );
};
