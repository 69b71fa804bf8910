/**
 * The settings API's shapes (GET/PUT /grupozap/settings), shared by the server that answers and
 * the admin page that asks.
 */
export type UrlForm = 'path' | 'subdomain' | 'single';

/** Where the secret in force comes from: the plugin config wins over the admin. */
export type CredentialSource = 'config' | 'settings' | 'none';

/** Characters of a secret shown at most (its last ones), enough to tell two secrets apart. */
export const SECRET_HINT_LENGTH = 2;

/** A secret typed in the admin has at least this many characters. */
export const SECRET_MIN_LENGTH = 16;

export interface SecretHint {
  /** The last SECRET_HINT_LENGTH characters, so an admin can tell which secret is active. */
  hint: string;
  setAt: string;
  generated: boolean;
}

export interface SettingsView {
  username: string;
  credential: {
    source: CredentialSource;
    current: SecretHint | null;
    previous: (SecretHint & { validUntil: string }) | null;
  };
  publicUrl: string | null;
  urlForm: UrlForm;
  zonelessTimezone: string;
  allowedIps: string[];
  /** With ADVERTISER-ID in place of the advertiser's key (except the single-endpoint form). */
  endpointUrl: string | null;
  /** Why there is no endpoint URL yet. */
  endpointProblem: string | null;
  defaultGraceDays: number;
  searchIndex: SearchIndexView;
}

/**
 * The inbox search's index on this database: `ready` (searches use it), `building` (after an
 * upgrade; searches read the leads' table until it is done) or `unavailable` (the database cannot
 * keep it, `reason` says why; searches read the table).
 */
export interface SearchIndexView {
  state: 'ready' | 'building' | 'unavailable';
  /** The mechanism, e.g. `postgres-pg_trgm`, `sqlite-fts5-trigram`, `mysql-fulltext-suffixes`. */
  kind: string | null;
  reason: string | null;
}
