import { yup } from '@strapi/utils';
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
}

export const defaultConfig: PluginConfig = {
  secretKey: null,
  username: 'vivareal',
  subdomainBase: null,
  zonelessTimezone: 'America/Sao_Paulo',
  maxBodyBytes: 256 * 1024,
  allowedIps: [],
  authFailureLimit: 10,
  authFailureWindowSeconds: 15 * 60,
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
    maxBodyBytes: yup.number().integer().min(1024).max(10 * 1024 * 1024).required(),
    allowedIps: yup
      .array()
      .of(
        yup
          .string()
          .test('ip-or-cidr', '${path}: ${value} is not an IP address or CIDR range', (value) => isIpOrCidr(value))
      )
      .required(),
    authFailureLimit: yup.number().integer().min(1).required(),
    authFailureWindowSeconds: yup.number().integer().min(1).required(),
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
