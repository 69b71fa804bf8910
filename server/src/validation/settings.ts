import { yup } from '@strapi/utils';
import { SECRET_MIN_LENGTH, type UrlForm } from '../../../shared/contracts/settings';
import { isIpOrCidr } from '../utils/ip-allow-list';
import { isValidTimeZone } from '../utils/timestamp';

export const URL_FORMS: UrlForm[] = ['path', 'subdomain', 'single'];

export const DEFAULT_GRACE_DAYS = 7;

const isPublicUrl = (value: string | null | undefined): boolean => {
  if (!value) return true;
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && !url.search && !url.hash && !url.username;
  } catch {
    return false;
  }
};

const isHostName = (value: string | null | undefined): boolean => {
  if (!value) return false;
  const { hostname } = new URL(value);
  return /^([a-z0-9-]+\.)+[a-z0-9-]+$/i.test(hostname) && !/^[\d.]+$/.test(hostname);
};

/** What an admin may change on Settings → Grupo ZAP (the secret has its own endpoint). */
export const settingsBody = yup
  .object({
    username: yup
      .string()
      .trim()
      .required('The user name is required')
      .max(100)
      .matches(/^[^:]+$/, 'The user name cannot contain ":"'),
    publicUrl: yup
      .string()
      .trim()
      .nullable()
      .test('public-url', 'Enter an absolute http(s) URL without query or fragment, e.g. https://crm.example.com', isPublicUrl),
    urlForm: yup
      .string()
      .oneOf([...URL_FORMS])
      .required(),
    zonelessTimezone: yup
      .string()
      .trim()
      .required()
      .test('iana-zone', 'Enter an IANA time zone such as America/Sao_Paulo', (zone) => Boolean(zone && isValidTimeZone(zone))),
    allowedIps: yup
      .array()
      .of(yup.string().trim().test('ip-or-cidr', '"${value}" is not an IP address or CIDR range', isIpOrCidr))
      .required(),
    lostReasons: yup
      .array()
      .of(yup.string().trim().required('A reason cannot be empty').max(80, 'A reason has at most 80 characters'))
      .min(1, 'Keep at least one reason')
      .max(30, 'At most 30 reasons')
      .test('distinct', 'Each reason once', (reasons) => !reasons || new Set(reasons).size === reasons.length)
      .optional(),
  })
  .test('subdomain-needs-host', function subdomainNeedsHost(value) {
    if (value?.urlForm !== 'subdomain' || isHostName(value.publicUrl)) return true;
    return this.createError({
      path: 'publicUrl',
      message: 'The subdomain form needs a public URL with a host name (e.g. https://crm.example.com)',
    });
  })
  .noUnknown(true, 'Unknown setting: ${unknown}');

export type SettingsBody = yup.InferType<typeof settingsBody>;

export const secretBody = yup
  .object({
    /** The secret the portal gave; omitted → the server generates one and shows it once. */
    // strict: a number (or anything but text) is refused, not turned into a text
    secret: yup
      .string()
      .strict()
      .typeError('The secret must be a text')
      .min(SECRET_MIN_LENGTH, `The secret must have at least ${SECRET_MIN_LENGTH} characters`)
      .max(200),
    graceDays: yup.number().integer().min(0).max(30).default(DEFAULT_GRACE_DAYS),
  })
  .noUnknown(true, 'Unknown field: ${unknown}');

export type SecretBody = yup.InferType<typeof secretBody>;
