import { Accordion, Box, IconButton, Typography } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { styled } from 'styled-components';
import { useCopyWithNotice } from '../../hooks/useCopyWithNotice';
import { useTranslate } from '../../hooks/useTranslate';

const Pre = styled.pre`
  margin: 0;
  padding: ${({ theme }) => theme.spaces[4]};
  max-height: 48rem;
  overflow: auto;
  font-family: 'SF Mono', SFMono-Regular, ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
  font-size: ${({ theme }) => theme.fontSizes[1]};
  line-height: 1.6;
  white-space: pre-wrap;
  word-break: break-word;
  color: ${({ theme }) => theme.colors.neutral800};
  background: ${({ theme }) => theme.colors.neutral100};
  border-radius: ${({ theme }) => theme.borderRadius};
`;

/**
 * A JSON value, indented, in an accordion closed by default (the raw payload is long and read
 * only when something looks wrong), with a button copying it.
 */
export const JsonBlock = ({ title, description, value }: { title: string; description?: string; value: unknown }) => {
  const t = useTranslate('leads');
  const copyWithNotice = useCopyWithNotice();
  const text = JSON.stringify(value ?? null, null, 2);
  const onCopy = () => copyWithNotice(text);

  return (
    <Accordion.Root>
      <Accordion.Item value="json">
        <Accordion.Header>
          <Accordion.Trigger description={description}>{title}</Accordion.Trigger>
          <Accordion.Actions>
            <IconButton label={t('json.copy', 'Copy the JSON')} onClick={onCopy} variant="ghost">
              <Duplicate />
            </IconButton>
          </Accordion.Actions>
        </Accordion.Header>
        <Accordion.Content>
          <Box padding={4}>
            {value === null || value === undefined ? (
              <Typography textColor="neutral600">{t('json.empty', 'Nothing was kept.')}</Typography>
            ) : (
              <Pre tabIndex={0} aria-label={title}>
                {text}
              </Pre>
            )}
          </Box>
        </Accordion.Content>
      </Accordion.Item>
    </Accordion.Root>
  );
};
