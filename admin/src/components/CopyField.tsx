import { Box, Field, Flex, IconButton, TextInput } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useCopyWithNotice } from '../hooks/useCopyWithNotice';
import { useTranslate } from '../hooks/useTranslate';

interface CopyFieldProps {
  name: string;
  label: string;
  value: string;
  hint?: string;
}

/** A read-only value with a button that copies it (URLs, secrets). */
export const CopyField = ({ name, label, value, hint }: CopyFieldProps) => {
  const t = useTranslate('copy');
  const copyWithNotice = useCopyWithNotice();
  const copyLabel = t('label', 'Copy {what}', { what: label });

  const onCopy = () => copyWithNotice(value);

  return (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Flex gap={2}>
        <Box grow={1}>
          <TextInput value={value} readOnly onFocus={(event: React.FocusEvent<HTMLInputElement>) => event.target.select()} />
        </Box>
        <IconButton label={copyLabel} onClick={onCopy} variant="tertiary">
          <Duplicate />
        </IconButton>
      </Flex>
      {hint && <Field.Hint />}
    </Field.Root>
  );
};
