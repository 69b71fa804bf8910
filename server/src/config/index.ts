import { yup } from '@strapi/utils';
import { ALERTABLE_CODES, isPortalCode } from '../delivery/answers';
import { isIpOrCidr } from '../utils/ip-allow-list';
import { isValidTimeZone } from '../utils/timestamp';

export interface PluginConfig {
  /** The portal's SECRET_KEY (Basic auth password). Without it the route fails closed with 503. */
  secretKey: string | null;
  /** Basic auth user name; the portal has always sent the literal `vivareal`. */
  username: string;
  /** e.g. `crm.example.com`: enables `ADVERTISER.crm.example.com` URLs. */
  subdomainBase: string | null;
  /** IANA zone used for timestamps sent without an offset. */
  zonelessTimezone: string;
  /** Largest request body accepted on the lead route. */
  maxBodyBytes: number;
  /** When not empty, only these addresses or CIDR ranges may post leads. */
  allowedIps: string[];
  /** Failed credentials from one IP within the window before it is answered 429. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  /**
   * Refusals of an address or a credential (401, 403, 429, 503 AUTH_BUSY) are answered after
   * about this many milliseconds (±50%, so a flood's clients do not come back in step): a
   * guessing client slows itself down, at no CPU cost. 0: answered at once.
   */
  authFailureDelayMs: number;
  /**
   * Behind `server.proxy.koa: true`: how many reverse proxies append to X-Forwarded-For (the
   * client address is the entry this many places from the right). null: Strapi's
   * `server.proxy.maxIpsCount` if set, else 1.
   */
  proxyHops: number | null;
  /** First-response SLA in minutes for advertisers without their own `slaMinutes`; null: none. */
  slaMinutes: number | null;
  /** The CRM's name, as the homologation checklist gives it to the portal; null: the app's name. */
  crmName: string | null;
  /** E-mail of new leads (to the assignee and the advertiser) and of delivery alerts. */
  notifications: NotificationsConfig;
  /** When repeated refusals of deliveries become an alert (admin banner and e-mail). */
  deliveryAlerts: DeliveryAlertsConfig;
  /**
   * LGPD retention: leads received more than this many days ago (with their deliveries' raw
   * bodies and IPs, and their notes' text) are anonymised by a daily job; null: kept (off).
   */
  retentionDays: number | null;
  /**
   * A person's leads are those with the same phone or e-mail and the same advertiser; true: with
   * any advertiser (one agency under several advertiser accounts). Distribution keeps to the
   * advertiser either way.
   */
  peopleAcrossAdvertisers: boolean;
  /**
   * The app's own property content type, mirrored into the plugin's Listing (and so into the
   * VRSync feed and the leads' links); null: Listing is typed in the Content Manager.
   */
  listingSource: ListingSourceConfig | null;
}

/** The Listing fields of the VRSync feed that a property gives as they are (the feed maps and checks them). */
export const LISTING_FEED_FIELDS = [
  'clientListingId',
  'title',
  'description',
  'transactionType',
  'propertyType',
  'salePrice',
  'rentPrice',
  'condoFee',
  'iptu',
  'livingArea',
  'lotArea',
  'bedrooms',
  'bathrooms',
  'suites',
  'parkingSpaces',
  'street',
  'streetNumber',
  'complement',
  'neighborhood',
  'city',
  'state',
  'postalCode',
  'latitude',
  'longitude',
  'displayAddress',
  'features',
] as const;

/** Listing fields a property content type may give (`advertiser` names an advertiser slug or relation). */
export const LISTING_SOURCE_FIELDS = [...LISTING_FEED_FIELDS, 'active', 'photos', 'url', 'advertiser'] as const;

export type ListingSourceField = (typeof LISTING_SOURCE_FIELDS)[number];

export interface ListingSourceConfig {
  /** e.g. `api::imovel.imovel`. */
  contentType: string;
  /** Listing field → the content type's attribute; `clientListingId` and `advertiser` are required. */
  fields: Partial<Record<ListingSourceField, string>>;
}

export interface NotificationsConfig {
  /**
   * Send the new-lead e-mail (the alert e-mail only needs `errorsEmail`, the overdue-lead e-mail
   * a manager address).
   */
  enabled: boolean;
  /** Sender; null: the email plugin's `defaultFrom`. */
  from: string | null;
  /** Where delivery alerts are e-mailed (one address or a comma-separated list); null: none sent. */
  errorsEmail: string | null;
  /**
   * Who is told when a lead misses its first-response SLA (one address or a comma-separated
   * list), for advertisers without their own `managerEmail`; null: nobody.
   */
  managersEmail: string | null;
  /** Attempts after the first failed one, in the background. */
  retries: number;
  /** Wait before the first retry; each next wait is 4 times longer. */
  retryDelaySeconds: number;
}

export interface DeliveryAlertsConfig {
  enabled: boolean;
  /** Refusals of one code within the window that make an alert. */
  threshold: number;
  /** Per-code thresholds over `threshold`, e.g. `{ INVALID_CREDENTIALS: 3 }`. */
  thresholds: Record<string, number>;
  windowMinutes: number;
  /** Least time between two checks by one Strapi process (a check follows a refusal). */
  checkIntervalSeconds: number;
}

export const defaultConfig: PluginConfig = {
  secretKey: null,
  username: 'vivareal',
  subdomainBase: null,
  zonelessTimezone: 'America/Sao_Paulo',
  maxBodyBytes: 256 * 1024,
  allowedIps: [],
  crmName: null,
  authFailureLimit: 10,
  authFailureWindowSeconds: 15 * 60,
  authFailureDelayMs: 1000,
  proxyHops: null,
  slaMinutes: null,
  notifications: {
    enabled: true,
    from: null,
    errorsEmail: null,
    managersEmail: null,
    retries: 3,
    retryDelaySeconds: 30,
  },
  deliveryAlerts: {
    enabled: true,
    threshold: 5,
    // a 404 tells the portal to delete the integration: one is already worth an alert
    thresholds: { ADVERTISER_NOT_FOUND: 1, ADVERTISER_INACTIVE: 1, LEAD_ADVERTISER_CONFLICT: 1 },
    windowMinutes: 60,
    checkIntervalSeconds: 30,
  },
  retentionDays: null,
  peopleAcrossAdvertisers: false,
  listingSource: null,
};

const EMAIL = /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/;
/** `a@b.c`, `Name <a@b.c>` or `"Name" <a@b.c>`. */
const isMailbox = (value: string): boolean => {
  const angle = /^(.*)<([^<>]+)>$/.exec(value.trim());
  return EMAIL.test(angle ? angle[2].trim() : value.trim());
};

const configSchema = yup
  .object({
    secretKey: yup.string().nullable().min(8, 'secretKey must have at least 8 characters'),
    username: yup.string().required().min(1),
    subdomainBase: yup
      .string()
      .nullable()
      .matches(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z0-9-]+$/i, {
        message: 'subdomainBase must be a host name such as crm.example.com (no scheme, no port)',
        excludeEmptyString: true,
      }),
    zonelessTimezone: yup
      .string()
      .required()
      .test('iana-zone', 'zonelessTimezone must be an IANA time zone such as America/Sao_Paulo', (zone) =>
        zone ? isValidTimeZone(zone) : false
      ),
    maxBodyBytes: yup
      .number()
      .integer()
      .min(1024)
      .max(10 * 1024 * 1024)
      .required(),
    allowedIps: yup
      .array()
      .of(yup.string().test('ip-or-cidr', '${path}: ${value} is not an IP address or CIDR range', (value) => isIpOrCidr(value)))
      .required(),
    crmName: yup.string().trim().min(1).max(100).nullable(),
    authFailureLimit: yup.number().integer().min(1).required(),
    authFailureWindowSeconds: yup.number().integer().min(1).required(),
    authFailureDelayMs: yup.number().integer().min(0).max(10_000).required(),
    proxyHops: yup
      .number()
      .typeError('proxyHops must be the number of proxies in front of Strapi (1 to 10) or null')
      .integer('proxyHops must be the number of proxies in front of Strapi (1 to 10) or null')
      .min(1, 'proxyHops must be the number of proxies in front of Strapi (1 to 10) or null')
      .max(10, 'proxyHops must be the number of proxies in front of Strapi (1 to 10) or null')
      .nullable(),
    slaMinutes: yup
      .number()
      .integer()
      .min(1)
      .max(30 * 24 * 60)
      .nullable(),
    notifications: yup
      .object({
        enabled: yup.boolean().required(),
        from: yup
          .string()
          .nullable()
          .test('mailbox', 'notifications.from must be an e-mail address, or "Name <address>"', (value) =>
            value === null || value === undefined ? true : isMailbox(value)
          ),
        errorsEmail: yup
          .string()
          .nullable()
          .test('mailboxes', 'notifications.errorsEmail must be e-mail addresses separated by commas', (value) =>
            value === null || value === undefined ? true : value.split(',').every(isMailbox)
          ),
        managersEmail: yup
          .string()
          .nullable()
          .test('mailboxes', 'notifications.managersEmail must be e-mail addresses separated by commas', (value) =>
            value === null || value === undefined ? true : value.split(',').every(isMailbox)
          ),
        retries: yup.number().integer().min(0).max(10).required(),
        retryDelaySeconds: yup.number().min(0).max(3600).required(),
      })
      .noUnknown(true, 'unknown key: notifications.${unknown}')
      .required(),
    deliveryAlerts: yup
      .object({
        enabled: yup.boolean().required(),
        threshold: yup.number().integer().min(1).required(),
        thresholds: yup
          .object()
          .required()
          .test('codes', 'deliveryAlerts.thresholds', function check(value) {
            for (const [code, limit] of Object.entries(value ?? {})) {
              if (!isPortalCode(code) || !ALERTABLE_CODES.includes(code)) {
                return this.createError({
                  message: `deliveryAlerts.thresholds: ${code} is not a refusal, failure or conflict code`,
                });
              }
              if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
                return this.createError({ message: `deliveryAlerts.thresholds: ${code} must be a whole number ≥ 1` });
              }
            }
            return true;
          }),
        windowMinutes: yup
          .number()
          .integer()
          .min(1)
          .max(24 * 60)
          .required(),
        checkIntervalSeconds: yup.number().min(0).max(3600).required(),
      })
      .noUnknown(true, 'unknown key: deliveryAlerts.${unknown}')
      .required(),
    retentionDays: yup
      .number()
      .typeError('retentionDays must be a whole number of days (1 to 36500) or null')
      .integer('retentionDays must be a whole number of days (1 to 36500) or null')
      .min(1, 'retentionDays must be a whole number of days (1 to 36500) or null')
      .max(36500, 'retentionDays must be a whole number of days (1 to 36500) or null')
      .nullable(),
    peopleAcrossAdvertisers: yup.boolean().required(),
    listingSource: yup
      .object({
        contentType: yup
          .string()
          .matches(/^api::[\w-]+\.[\w-]+$/, 'listingSource.contentType must be a UID such as api::imovel.imovel')
          .required(),
        fields: yup
          .object()
          .required()
          .test('fields', 'listingSource.fields', function check(value) {
            const fields = (value ?? {}) as Record<string, unknown>;
            for (const [field, attribute] of Object.entries(fields)) {
              if (!(LISTING_SOURCE_FIELDS as readonly string[]).includes(field)) {
                return this.createError({ message: `listingSource.fields: ${field} is not a Listing field` });
              }
              if (typeof attribute !== 'string' || attribute === '') {
                return this.createError({ message: `listingSource.fields.${field} must name an attribute` });
              }
            }
            if (!fields.clientListingId || !fields.advertiser) {
              return this.createError({ message: 'listingSource.fields needs clientListingId and advertiser' });
            }
            return true;
          }),
      })
      .default(null)
      .nullable(),
  })
  .noUnknown(true, 'unknown key: ${unknown}');

export default {
  default: defaultConfig,
  validator(config: unknown) {
    try {
      configSchema.validateSync(config, { strict: true, abortEarly: false });
    } catch (error) {
      if (error instanceof yup.ValidationError) throw new Error(error.errors.join('; '));
      throw error;
    }
  },
};
