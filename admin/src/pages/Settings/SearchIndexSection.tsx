import { Typography } from '@strapi/design-system';
import type { SearchIndexView } from '../../../../shared/contracts/settings';
import { Section } from '../../components/Section';
import { useTranslate } from '../../hooks/useTranslate';

/** The index behind each database's search, in words an admin knows. */
const KINDS: Record<string, string> = {
  'postgres-pg_trgm': 'PostgreSQL trigram indexes (pg_trgm)',
  'sqlite-fts5-trigram': 'SQLite full-text index (FTS5 trigrams)',
  'mysql-fulltext-suffixes': 'MariaDB/MySQL full-text index (word suffixes)',
};

/**
 * Whether the inbox's search is served by the database's index: ready, being built after an
 * upgrade, or unavailable (the database refuses it; searches then read the leads' table, slower
 * at scale). Read-only: the plugin makes and builds the index by itself.
 */
export const SearchIndexSection = ({ searchIndex }: { searchIndex: SearchIndexView }) => {
  const t = useTranslate('settings.searchIndex');
  const kind = searchIndex.kind ? t(`kind.${searchIndex.kind}`, KINDS[searchIndex.kind] ?? searchIndex.kind) : '';
  return (
    <Section
      title={t('title', 'Inbox search index')}
      subtitle={t('subtitle', 'The plugin makes and keeps it by itself; without it, searches read every lead (slow with many).')}
    >
      {searchIndex.state === 'ready' && (
        <Typography textColor="success600" data-testid="search-index-state">
          {t('ready', 'Ready: searches use the {kind}.', { kind })}
        </Typography>
      )}
      {searchIndex.state === 'building' && (
        <Typography textColor="warning600" data-testid="search-index-state">
          {t('building', 'Being built ({kind}): searches read the leads’ table until it is done.', { kind })}
        </Typography>
      )}
      {searchIndex.state === 'unavailable' && (
        <Typography textColor="danger600" data-testid="search-index-state">
          {t('unavailable', 'Unavailable: {reason}. Searches read the leads’ table (see docs/scaling.md).', {
            reason: searchIndex.reason ?? '',
          })}
        </Typography>
      )}
    </Section>
  );
};
