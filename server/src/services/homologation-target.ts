import { lookup } from 'node:dns/promises';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PinnedAddress } from '../../../shared/portal/client';
import type { HomologationTargetReason, HomologationTargetRefusal } from '../../../shared/contracts/homologation';
import { getService } from '../utils/get-service';
import {
  allowedOrigins,
  checkTargetUrl,
  resolvedRefusal,
  type RefusedTarget,
  type TrustedTargets,
} from '../utils/homologation-target';
import { getPluginConfig } from '../utils/plugin-config';

/** The integration URL's host name is resolved once, within this. */
const RESOLVE_TIMEOUT_MS = 5_000;

const MESSAGES: Record<HomologationTargetReason, string> = {
  URL: 'is not a plain http(s) URL (no user name, password, query or fragment)',
  HOST:
    'is not on a host of this app: the runner posts only to the host of Strapi’s server.url, to the plugin config’s ' +
    'subdomainBase, or to this Strapi on 127.0.0.1 at its own port',
  PATH: 'is not the plugin’s lead route on this app’s host',
  METADATA: 'is a cloud metadata endpoint',
  LINK_LOCAL: 'is a link-local address',
  UNSPECIFIED: 'is an unspecified address',
  MULTICAST: 'is a multicast address',
  BROADCAST: 'is a broadcast address',
  LOOPBACK_OTHER_PORT: 'is this machine at a port other than this Strapi’s',
  NOT_AN_ADDRESS: 'does not resolve to an IP address',
};

/** Node's network errors carry their code (ENOTFOUND, EAI_AGAIN …) in the message, or in `code`. */
const describe = (error: unknown): string => {
  const { message, code } = error as Error & { code?: string };
  return code && !message.includes(code) ? `${message} (${code})` : message;
};

const withTimeout = async <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`${what} took more than ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Where the homologation runner may post the portal secret (`utils/homologation-target` holds the
 * policy): the integration URL is taken only on a host the deployment configured, its host name
 * is resolved once here, every address checked, and the requests connect to those very addresses.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The port this Strapi listens on (its configured one until it listens). */
  const ownPort = (): number => {
    const address = strapi.server?.httpServer?.address();
    return address && typeof address === 'object' ? address.port : Number(strapi.config.get('server.port'));
  };

  /** What the deployment configured, and an admin cannot change from the admin panel. */
  const trustedTargets = (): TrustedTargets => ({
    serverUrl: (strapi.config.get('server.url') as string | undefined) || null,
    subdomainBase: getPluginConfig(strapi).subdomainBase,
    ownPort: ownPort(),
    leadPath: getService(strapi, 'settings').leadPath(),
  });

  /** A 400 with code HOMOLOGATION_TARGET_REFUSED, logged (a URL holds no personal data). */
  const refusal = (url: string, { reason, host, address }: Omit<RefusedTarget, 'ok'>, trusted: TrustedTargets) => {
    strapi.log.warn(`[grupozap] homologation refused to post to ${url}: ${reason}${address ? ` (${address})` : ''}`);
    const details: HomologationTargetRefusal = {
      code: 'HOMOLOGATION_TARGET_REFUSED',
      reason,
      url,
      host,
      address,
      allowed: allowedOrigins(trusted),
    };
    const where = address && address !== host ? `${url} (${host} is ${address})` : url;
    return new errors.ValidationError(
      `The homologation does not post the portal secret to ${where}: it ${MESSAGES[reason]}.`,
      details
    );
  };

  return {
    /**
     * The addresses to post `url` to, or why nothing could be (a name that does not resolve: the
     * run's cases then show nothing answered). Throws the 400 refusal before anything is sent.
     */
    async resolve(url: string): Promise<{ addresses: PinnedAddress[] } | { error: string }> {
      const trusted = trustedTargets();
      const checked = checkTargetUrl(url, trusted);
      if (!checked.ok) throw refusal(url, checked, trusted);
      let resolved: Array<{ address: string; family: number }>;
      try {
        resolved = await withTimeout(
          lookup(checked.host, { all: true, verbatim: true }),
          RESOLVE_TIMEOUT_MS,
          `resolving ${checked.host}`
        );
      } catch (error) {
        return { error: describe(error) };
      }
      const refused = resolvedRefusal(
        resolved.map(({ address }) => address),
        checked,
        trusted.ownPort
      );
      if (refused) throw refusal(url, { ...refused, host: checked.host }, trusted);
      return { addresses: resolved.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 })) };
    },
  };
};
