import { Button, Flex, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { Section } from '../../components/Section';
import { useTranslate } from '../../hooks/useTranslate';

/** How many leads the checks left marked as test, and the button that deletes them. */
export const TestLeadsSection = ({ count, onDelete }: { count: number; onDelete: () => void }) => {
  const t = useTranslate('homologation');
  return (
    <Section
      title={t('testLeads.title', 'Test leads')}
      subtitle={t('testLeads.subtitle', 'The leads these checks leave are marked as test: e-mail and distribution skip them.')}
    >
      <Flex justifyContent="space-between" gap={4}>
        <Typography textColor="neutral800" data-testid="test-lead-count">
          {t(
            'testLeads.count',
            '{count, plural, =0 {No lead is marked as test.} one {# lead is marked as test.} other {# leads are marked as test.}}',
            {
              count,
            }
          )}
        </Typography>
        <Button variant="danger-light" startIcon={<Trash />} disabled={count === 0} onClick={onDelete}>
          {t('testLeads.delete', 'Delete test leads')}
        </Button>
      </Flex>
    </Section>
  );
};
