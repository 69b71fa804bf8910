/**
 * The homologation API's shapes (/grupozap/homologation/…), shared by the server that answers
 * and the admin page that asks.
 */
import type { CredentialSource, UrlForm } from './settings';

/** The cases the runner sends, in this order. */
export type HomologationCaseKey = 'lead' | 'duplicate' | 'wrongCredential' | 'missingListing';

/** An exact status, or a class of them, as the portal judges an answer. */
export type ExpectedStatus = number | '2xx' | '4xx';

/**
 * Why a case failed beyond (or instead of) its status:
 * - `NO_ANSWER`: nothing answered (refused connection, unknown host, timeout): see `error`;
 * - `NOT_STORED_HERE`: accepted, but this CRM has no such lead (the URL reaches another server);
 * - `NOT_SAME_LEAD`: the duplicate was stored as a second lead, or not counted on the first;
 * - `STORED_DESPITE_REFUSAL`: refused, yet a lead was stored.
 */
export type HomologationProblem = 'NO_ANSWER' | 'NOT_STORED_HERE' | 'NOT_SAME_LEAD' | 'STORED_DESPITE_REFUSAL';

export interface HomologationCaseResult {
  key: HomologationCaseKey;
  /** In English, for logs and API users; the admin shows its own words for `key`. */
  name: string;
  expected: ExpectedStatus;
  /** The status received; 0 when nothing answered. */
  got: number;
  /** The answer's `code` (e.g. `LEAD_CREATED`), when the answer had one. */
  code: string | null;
  ms: number;
  pass: boolean;
  problem: HomologationProblem | null;
  /** The network error, with `NO_ANSWER`. */
  error: string | null;
}

export interface HomologationAdvertiser {
  documentId: string;
  name: string;
  slug: string;
  active: boolean;
}

export interface HomologationListing {
  documentId: string;
  clientListingId: string;
  title: string | null;
}

/** POST /grupozap/homologation/run */
export interface HomologationRunBody {
  /** The advertiser's documentId. */
  advertiser: string;
  /** The clientListingId the test lead names. */
  listing: string;
  /**
   * The portal secret, typed by the admin: the runner signs with it and with nothing else, once
   * it is known to be the secret in force (the plugin config's, or the one kept as a hash in
   * Settings → Grupo ZAP). Used for this run only, never kept. Without it the run is refused
   * (400 on this field).
   */
  secret?: string;
  /** Fields of the test lead to send instead of the runner's defaults. */
  lead?: Partial<Record<HomologationLeadField, string>>;
}

export const HOMOLOGATION_LEAD_FIELDS = [
  'leadOrigin',
  'name',
  'email',
  'ddd',
  'phone',
  'message',
  'temperature',
  'transactionType',
] as const;
export type HomologationLeadField = (typeof HOMOLOGATION_LEAD_FIELDS)[number];

/** The `code` of a refused run, in `error.details.code` of the 400 answer. */
export type HomologationRefusalCode =
  /** No portal secret is set, in the plugin config or in Settings → Grupo ZAP. */
  | 'HOMOLOGATION_NO_SECRET'
  /** No secret was typed. */
  | 'HOMOLOGATION_SECRET_REQUIRED'
  /** The secret typed is not the one in force (nor the previous one, during its grace period). */
  | 'HOMOLOGATION_SECRET_NOT_IN_FORCE'
  /** Too many wrong secrets typed by this admin lately (429, with `retryAfterSeconds`). */
  | 'HOMOLOGATION_TOO_MANY_WRONG_SECRETS'
  /** The integration URL is not one the runner may post to: see `reason`. */
  | 'HOMOLOGATION_TARGET_REFUSED';

/**
 * Why the runner refuses to post to the integration URL:
 * - `URL`: not an http(s) URL, or one carrying a user name, password, query or fragment;
 * - `HOST`: not this app's own host (Strapi's `server.url`, the plugin config's `subdomainBase`,
 *   or this Strapi itself on a loopback address at its own port);
 * - `PATH`: not the plugin's lead route on that host;
 * - `METADATA`: a cloud metadata endpoint (169.254.169.254, fd00:ec2::254, 100.100.100.200 …);
 * - `LINK_LOCAL`, `UNSPECIFIED`, `MULTICAST`, `BROADCAST`: an address of that kind;
 * - `LOOPBACK_OTHER_PORT`: a loopback address at a port other than this Strapi's;
 * - `NOT_AN_ADDRESS`: the host name resolved to something that is not an IP address.
 */
export type HomologationTargetReason =
  | 'URL'
  | 'HOST'
  | 'PATH'
  | 'METADATA'
  | 'LINK_LOCAL'
  | 'UNSPECIFIED'
  | 'MULTICAST'
  | 'BROADCAST'
  | 'LOOPBACK_OTHER_PORT'
  | 'NOT_AN_ADDRESS';

/** `error.details` of a `HOMOLOGATION_TARGET_REFUSED` answer. */
export interface HomologationTargetRefusal {
  code: 'HOMOLOGATION_TARGET_REFUSED';
  reason: HomologationTargetReason;
  /** The integration URL the runner would have posted to. */
  url: string;
  /** Its host name (an IPv6 address without brackets). */
  host: string;
  /** The address refused, when the host name resolved to one (or was one). */
  address: string | null;
  /** Where the runner may post in this app (origins), for the message. */
  allowed: string[];
}

export interface HomologationRun {
  runId: string;
  /** Where the cases were posted: the advertiser's integration URL. */
  url: string;
  username: string;
  /** Where the secret in force that the admin typed is kept. */
  credentialSource: Exclude<CredentialSource, 'none'>;
  advertiser: HomologationAdvertiser;
  clientListingId: string;
  /** Whether the advertiser has a listing with that code (a lead is accepted either way). */
  listingKnown: boolean;
  startedAt: string;
  cases: HomologationCaseResult[];
  passed: boolean;
  /** The documentIds of the leads this run stored, now marked as test leads. */
  testLeads: string[];
}

/** GET /grupozap/homologation/checklist's query: for whom the URL and the listing code are given. */
export interface HomologationChecklistQuery {
  /** The advertiser's documentId. */
  advertiser?: string;
  /** The clientListingId the portal should test with. */
  listing?: string;
}

/**
 * GET /grupozap/homologation/advertisers (`data`: HomologationAdvertiser[]) and
 * /advertisers/:documentId/listings (`data`: HomologationListing[]): `q` narrows them.
 */
export interface HomologationSearchQuery {
  q?: string;
}

/** GET /grupozap/homologation/checklist: what to e-mail the portal to ask for homologation. */
export interface HomologationChecklist {
  /** The advertiser's integration URL, or the generic one (ADVERTISER-ID in place of its key). */
  endpointUrl: string | null;
  /** Why there is no endpoint URL (no public URL set). */
  endpointProblem: string | null;
  urlForm: UrlForm;
  /** For whom `endpointUrl` was made, if for one. */
  advertiser: HomologationAdvertiser | null;
  crmName: string;
  /** `config`: the plugin config's `crmName`; `app`: the app's package.json. */
  crmNameSource: 'config' | 'app';
  /** A listing code the portal can test with (the one asked for, else an existing listing). */
  testClientListingId: string | null;
  /** Where the portal should report integration errors. */
  errorsEmail: string | null;
  /** `config`: notifications.errorsEmail of the plugin config; `user`: the admin asking. */
  errorsEmailSource: 'config' | 'user' | null;
  credentialSource: CredentialSource;
  /** Leads marked as test, now. */
  testLeadCount: number;
  /**
   * The advertiser's VRSync listing feed URL (registered in Canal Pro, not part of the e-mail):
   * whole, token included, when the token is kept encrypted (`feedUrlHasToken`), else without it;
   * null without an advertiser or a public URL.
   */
  feedUrl: string | null;
  feedUrlHasToken: boolean;
}

/** DELETE /grupozap/homologation/test-leads */
export interface TestLeadsDeletion {
  leads: number;
  notes: number;
  deliveries: number;
}
