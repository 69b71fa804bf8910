import { Button, Checkbox, Flex, Popover, TextButton, Typography } from '@strapi/design-system';
import { Layout } from '@strapi/icons';
import { useTranslate } from '../../hooks/useTranslate';
import { OPTIONAL_COLUMNS, type InboxColumns, type OptionalColumn } from '../../hooks/useInboxColumns';

/**
 * The inbox's column chooser, as the Content Manager's list view picks its displayed fields: a
 * popover of checkboxes for the optional columns, and Reset (the five columns only).
 */
export const ColumnChooser = ({ columns, labels }: { columns: InboxColumns; labels: Record<OptionalColumn, string> }) => {
  const t = useTranslate('leads');
  return (
    <Popover.Root>
      <Popover.Trigger>
        <Button variant="tertiary" startIcon={<Layout />}>
          {t('columns.button', 'Columns')}
        </Button>
      </Popover.Trigger>
      <Popover.Content side="bottom" align="end" sideOffset={4}>
        <Flex tag="fieldset" direction="column" alignItems="stretch" gap={1} borderWidth={0} padding={3}>
          <Flex justifyContent="space-between" gap={4}>
            <Typography tag="legend" variant="pi" fontWeight="bold">
              {t('columns.legend', 'More columns')}
            </Typography>
            <TextButton onClick={columns.reset}>{t('columns.reset', 'Reset')}</TextButton>
          </Flex>
          <Flex direction="column" alignItems="stretch">
            {OPTIONAL_COLUMNS.map((column) => {
              const active = columns.shown.includes(column);
              return (
                <Flex key={column} background={active ? 'primary100' : 'transparent'} hasRadius padding={2} marginBottom={1}>
                  <Checkbox name={column} checked={active} onCheckedChange={() => columns.toggle(column)}>
                    <Typography fontSize={1}>{labels[column]}</Typography>
                  </Checkbox>
                </Flex>
              );
            })}
          </Flex>
        </Flex>
      </Popover.Content>
    </Popover.Root>
  );
};
