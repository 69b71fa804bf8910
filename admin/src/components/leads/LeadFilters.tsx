import * as React from 'react';
import {
  Box,
  Button,
  Combobox,
  ComboboxOption,
  DatePicker,
  Field,
  Flex,
  Grid,
  Popover,
  SingleSelect,
  SingleSelectOption,
  Tag,
} from '@strapi/design-system';
import { Cross, Filter } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { InboxOptions } from '../../../../shared/contracts/leads';
import type { FilterKey } from '../../pages/Leads/listQuery';
import { useTranslate } from '../../hooks/useTranslate';
import { fromDay, toDay } from '../../utils/days';
import { useStatusLabels, useTransactionLabel, userName } from './labels';

export type FilterValues = Partial<Record<FilterKey, string>>;

interface Choice {
  value: string;
  label: string;
}

/** What each filter's input takes: its name and label, the value applied (if any), and a change. */
interface FilterProps {
  name: string;
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}

/** Every filter with its label and choices (for the form and the tags of the applied ones). */
const useFilterChoices = (options: InboxOptions) => {
  const t = useTranslate('leads');
  const { statusOptions } = useStatusLabels();
  const transactionLabel = useTransactionLabel();

  return React.useMemo(() => {
    const yesNo = (yes: string, no: string): Choice[] => [
      { value: 'true', label: yes },
      { value: 'false', label: no },
    ];
    const choices: Record<Exclude<FilterKey, 'from' | 'to'>, { label: string; choices: Choice[] }> = {
      status: { label: t('filters.status', 'Status'), choices: statusOptions },
      assignee: {
        label: t('filters.assignee', 'Assignee'),
        choices: [
          { value: 'me', label: t('filters.assignee.me', 'Me') },
          { value: 'none', label: t('filters.assignee.none', 'Unassigned') },
          ...options.assignees.map((user) => ({ value: String(user.id), label: userName(user) })),
        ],
      },
      advertiser: {
        label: t('filters.advertiser', 'Advertiser'),
        choices: options.advertisers.map((advertiser) => ({ value: advertiser.documentId, label: advertiser.name })),
      },
      origin: {
        label: t('filters.origin', 'Origin'),
        choices: options.origins.map((origin) => ({ value: origin, label: origin })),
      },
      temperature: {
        label: t('filters.temperature', 'Temperature'),
        choices: options.temperatures.map((temperature) => ({ value: temperature, label: temperature })),
      },
      transactionType: {
        label: t('filters.transactionType', 'Transaction type'),
        choices: options.transactionTypes.map((type) => ({ value: type, label: transactionLabel(type) })),
      },
      listingMatched: {
        label: t('filters.listingMatched', 'Listing'),
        choices: yesNo(t('filters.listingMatched.true', 'Matched'), t('filters.listingMatched.false', 'Not matched')),
      },
      overdue: {
        label: t('filters.overdue', 'First response'),
        choices: yesNo(t('filters.overdue.true', 'Overdue'), t('filters.overdue.false', 'Not overdue')),
      },
      perPerson: {
        label: t('filters.perPerson', 'People'),
        choices: yesNo(t('filters.perPerson.true', 'One row per person'), t('filters.perPerson.false', 'Every lead')),
      },
      followUp: {
        label: t('filters.followUp', 'Next step'),
        choices: [
          { value: 'today', label: t('filters.followUp.today', 'Due today (and late)') },
          { value: 'overdue', label: t('filters.followUp.overdue', 'Late') },
        ],
      },
    };
    return choices;
  }, [options, statusOptions, t, transactionLabel]);
};

const SelectFilter = ({ name, label, choices, value, onChange }: FilterProps & { choices: Choice[] }) => {
  const t = useTranslate('leads');
  // a value from a shared URL that the lists do not hold (yet) still shows
  const all = value && !choices.some((choice) => choice.value === value) ? [...choices, { value, label: value }] : choices;
  return (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={value ?? null}
        placeholder={t('filters.any', 'Any')}
        onChange={(next) => onChange(String(next))}
        onClear={() => onChange(undefined)}
        clearLabel={t('filters.clear', 'Clear')}
        size="S"
      >
        {all.map((choice) => (
          <SingleSelectOption key={choice.value} value={choice.value}>
            {choice.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
};

/** A long list (advertisers): typed to narrow it, as the Content Manager's relation inputs. */
const ComboboxFilter = ({ name, label, choices, value, onChange }: FilterProps & { choices: Choice[] }) => {
  const t = useTranslate('leads');
  return (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <Combobox
        value={value ?? ''}
        placeholder={t('filters.any', 'Any')}
        onChange={(next) => onChange(next || undefined)}
        onClear={() => onChange(undefined)}
        clearLabel={t('filters.clear', 'Clear')}
        noOptionsMessage={() => t('filters.noOptions', 'Nothing found')}
        size="S"
      >
        {choices.map((choice) => (
          <ComboboxOption key={choice.value} value={choice.value}>
            {choice.label}
          </ComboboxOption>
        ))}
      </Combobox>
    </Field.Root>
  );
};

const DayFilter = ({ name, label, value, onChange }: FilterProps) => {
  const t = useTranslate('leads');
  const { locale } = useIntl();
  return (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <DatePicker
        locale={locale}
        size="S"
        value={value ? fromDay(value) : undefined}
        onChange={(date?: Date) => onChange(date ? toDay(date) : undefined)}
        onClear={() => onChange(undefined)}
        clearLabel={t('filters.clear', 'Clear')}
      />
    </Field.Root>
  );
};

interface LeadFiltersProps {
  value: FilterValues;
  options: InboxOptions;
  onChange: (next: FilterValues) => void;
}

/**
 * The inbox's filters: a "Filters" button opening one form with every filter (as the Content
 * Manager's Filters button opens its popover), and the applied filters as tags beside it, a click
 * on a tag removing it.
 */
export const LeadFilters = ({ value, options, onChange }: LeadFiltersProps) => {
  const t = useTranslate('leads');
  const { formatDate } = useIntl();
  const [open, setOpen] = React.useState(false);
  const [draft, setDraftState] = React.useState<FilterValues>(value);
  // a date typed then "Apply" clicked: the picker reports it on blur, just before the submit
  const latest = React.useRef(draft);
  const setDraft = (next: FilterValues) => {
    latest.current = next;
    setDraftState(next);
  };
  const filters = useFilterChoices(options);

  React.useEffect(() => {
    if (open) {
      latest.current = value;
      setDraftState(value);
    }
  }, [open, value]);

  const set = (key: FilterKey) => (next: string | undefined) => {
    const copy = { ...latest.current };
    if (next === undefined || next === '') delete copy[key];
    else copy[key] = next;
    setDraft(copy);
  };

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    onChange(latest.current);
    setOpen(false);
  };

  const tagOf = (key: FilterKey, raw: string): string => {
    if (key === 'from')
      return t('filters.tag.from', 'Received from {date}', { date: formatDate(fromDay(raw), { dateStyle: 'medium' }) });
    if (key === 'to')
      return t('filters.tag.to', 'Received until {date}', { date: formatDate(fromDay(raw), { dateStyle: 'medium' }) });
    const filter = filters[key];
    const choice = filter.choices.find((entry) => entry.value === raw);
    return `${filter.label}: ${choice?.label ?? raw}`;
  };

  const applied = (Object.keys(value) as FilterKey[]).filter((key) => value[key] !== undefined);
  const select = (key: Exclude<FilterKey, 'from' | 'to' | 'advertiser'>) => (
    <SelectFilter name={key} label={filters[key].label} choices={filters[key].choices} value={draft[key]} onChange={set(key)} />
  );

  return (
    <>
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger>
          <Button variant="tertiary" startIcon={<Filter />} size="S">
            {t('filters.button', 'Filters')}
          </Button>
        </Popover.Trigger>
        {/* under the design system's own popovers (500), so the date picker and selects open above it */}
        <Popover.Content sideOffset={4} align="start" style={{ zIndex: 499 }}>
          <Box padding={4} width="36rem" maxWidth="calc(100vw - 4rem)">
            <form onSubmit={apply} aria-label={t('filters.form', 'Filter the leads')}>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Grid.Root gap={3}>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('status')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('assignee')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <ComboboxFilter
                      name="advertiser"
                      label={filters.advertiser.label}
                      choices={filters.advertiser.choices}
                      value={draft.advertiser}
                      onChange={set('advertiser')}
                    />
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('origin')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('temperature')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('transactionType')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('listingMatched')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('overdue')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('followUp')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    {select('perPerson')}
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <DayFilter name="from" label={t('filters.from', 'Received from')} value={draft.from} onChange={set('from')} />
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <DayFilter name="to" label={t('filters.to', 'Received until')} value={draft.to} onChange={set('to')} />
                  </Grid.Item>
                </Grid.Root>
                <Flex justifyContent="space-between" gap={2}>
                  <Button
                    variant="tertiary"
                    type="button"
                    onClick={() => setDraft({})}
                    disabled={Object.keys(draft).length === 0}
                  >
                    {t('filters.clearAll', 'Clear all')}
                  </Button>
                  <Button type="submit">{t('filters.apply', 'Apply filters')}</Button>
                </Flex>
              </Flex>
            </form>
          </Box>
        </Popover.Content>
      </Popover.Root>
      {applied.map((key) => {
        const label = tagOf(key, value[key] as string);
        return (
          <Tag
            key={key}
            icon={<Cross />}
            label={t('filters.remove', 'Remove the filter {filter}', { filter: label })}
            onClick={() => {
              const next = { ...value };
              delete next[key];
              onChange(next);
            }}
          >
            {label}
          </Tag>
        );
      })}
    </>
  );
};
