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
  /** The reasons an agent picks from when a lead is lost, as the manager keeps them. */
  lostReasons: string[];
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

/** PUT /grupozap/settings: every editable setting (the secret has its own endpoint). */
export interface SettingsUpdateBody {
  username: string;
  /** null: none (no endpoint URL can be shown). */
  publicUrl: string | null;
  urlForm: UrlForm;
  zonelessTimezone: string;
  allowedIps: string[];
  /** Omitted: left as they are. 1 to 30 reasons, each 1 to 80 characters, no two alike. */
  lostReasons?: string[];
}

/** The reasons offered until the manager changes them (the agents' language). */
export const DEFAULT_LOST_REASONS: readonly string[] = [
  'Comprou ou alugou com outra imobiliária',
  'Desistiu do negócio',
  'Fora do orçamento',
  'Imóvel indisponível',
  'Sem retorno do cliente',
  'Contato inválido',
  'Lead duplicado',
];

/** POST /grupozap/settings/secret: the portal's secret, or none to have one generated. */
export interface SecretBody {
  /** At least SECRET_MIN_LENGTH characters; omitted: the server generates one and shows it once. */
  secret?: string;
  /** How long the current secret stays valid (0 to 30; 7 by default). */
  graceDays?: number;
}

/** POST /grupozap/settings/secret's answer: a generated secret is here and nowhere else, ever. */
export interface SecretAnswer {
  data: SettingsView;
  meta: { generatedSecret: string | null };
}
