import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PLUGIN_ID } from '../constants';
import { getPluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { generateSecret, hashSecret } from '../utils/secret-hash';
import {
  DEFAULT_LOST_REASONS,
  SECRET_HINT_LENGTH,
  type CredentialSource,
  type SecretHint,
  type SettingsView,
  type UrlForm,
} from '../../../shared/contracts/settings';
import { DEFAULT_GRACE_DAYS, type SecretBody, type SettingsBody } from '../validation/settings';

/** The end of a secret that the admin may see: enough to tell two apart, too little to help guess one. */
const secretHint = (secret: string): string => secret.slice(-SECRET_HINT_LENGTH);

/** Other instances on the same database see a change within this time. */
export const SETTINGS_TTL_MS = 5_000;
const STORE_KEY = 'settings';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface StoredSecret extends SecretHint {
  hash: string;
}

export interface PreviousSecret extends StoredSecret {
  validUntil: string;
}

/** What the plugin store holds (every field optional: the plugin config fills the gaps). */
export interface StoredSettings {
  username?: string;
  secret?: StoredSecret | null;
  previousSecret?: PreviousSecret | null;
  publicUrl?: string | null;
  urlForm?: UrlForm;
  zonelessTimezone?: string;
  allowedIps?: string[];
  lostReasons?: string[];
}

/** The settings in force: the admin's, over the plugin config, except a config secret wins. */
export interface EffectiveSettings {
  username: string;
  credentialSource: CredentialSource;
  /** Only when `credentialSource` is `config`. */
  configSecret: string | null;
  secret: StoredSecret | null;
  /** Only while its grace period lasts. */
  previousSecret: PreviousSecret | null;
  publicUrl: string | null;
  urlForm: UrlForm;
  /** The host under which `ADVERTISER.<host>` URLs are recognised. */
  subdomainBase: string | null;
  zonelessTimezone: string;
  allowedIps: string[];
  lostReasons: string[];
}

/** Stands for the advertiser's key in the endpoint URL the settings page shows. */
export const ENDPOINT_PLACEHOLDER = 'ADVERTISER-ID';

const absoluteUrl = (value: unknown): string | null =>
  typeof value === 'string' && /^https?:\/\//i.test(value) ? value.replace(/\/+$/, '') : null;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  let cached: { value: EffectiveSettings; until: number } | null = null;
  let loading: Promise<EffectiveSettings> | null = null;
  let lastGood: EffectiveSettings | null = null;

  const readStored = async (): Promise<StoredSettings> =>
    ((await store().get({ key: STORE_KEY })) as StoredSettings | null) ?? {};

  const writeStored = async (next: StoredSettings) => {
    await store().set({ key: STORE_KEY, value: next });
    cached = null;
  };

  const resolve = (stored: StoredSettings, now: number): EffectiveSettings => {
    const config = getPluginConfig(strapi);
    const fromConfig = Boolean(config.secretKey);
    const publicUrl = stored.publicUrl !== undefined ? stored.publicUrl : absoluteUrl(strapi.config.get('server.url'));
    const urlForm = stored.urlForm ?? (config.subdomainBase ? 'subdomain' : 'path');
    const previous = stored.previousSecret;
    return {
      // the user name travels with the secret: a config secret brings the config user name
      username: fromConfig ? config.username : (stored.username ?? config.username),
      credentialSource: fromConfig ? 'config' : stored.secret ? 'settings' : 'none',
      configSecret: fromConfig ? config.secretKey : null,
      secret: fromConfig ? null : (stored.secret ?? null),
      previousSecret: !fromConfig && previous && Date.parse(previous.validUntil) > now ? previous : null,
      publicUrl,
      urlForm,
      subdomainBase: config.subdomainBase ?? (urlForm === 'subdomain' && publicUrl ? new URL(publicUrl).hostname : null),
      zonelessTimezone: stored.zonelessTimezone ?? config.zonelessTimezone,
      allowedIps: stored.allowedIps ?? config.allowedIps,
      lostReasons: stored.lostReasons ?? [...DEFAULT_LOST_REASONS],
    };
  };

  return {
    /**
     * The settings in force, read from the store at most every few seconds: the lead route asks
     * on every delivery, and a change made on one instance reaches the others without a restart.
     */
    async current(now = Date.now()): Promise<EffectiveSettings> {
      if (cached && cached.until > now) return cached.value;
      loading ??= readStored()
        .then((stored) => {
          const value = resolve(stored, now);
          cached = { value, until: Date.now() + SETTINGS_TTL_MS };
          lastGood = value;
          return value;
        })
        .catch((error: Error) => {
          // a database hiccup must not turn into a refusal while we still know the settings
          if (!lastGood) throw error;
          strapi.log.warn(`[grupozap] settings not refreshed, using the last known: ${error.message}`);
          return lastGood;
        })
        .finally(() => {
          loading = null;
        });
      return loading;
    },

    /** Forget the cached settings (after a change, or in tests). */
    invalidate() {
      cached = null;
    },

    /** The lead route's path, e.g. `/api/grupozap/lead` (an advertiser key may follow it). */
    leadPath(): string {
      return `${strapi.config.get('api.rest.prefix', '/api')}/${PLUGIN_ID}/lead`;
    },

    /** The lead route's URL for an advertiser key, or the single endpoint when `slug` is null. */
    endpointUrl(settings: EffectiveSettings, slug: string | null): string {
      if (!settings.publicUrl) {
        throw new errors.ValidationError(
          'Set the public URL of the CRM (Settings → Grupo ZAP, or server.url) to build integration URLs.'
        );
      }
      const base = new URL(settings.publicUrl);
      const leadPath = this.leadPath();
      const root = `${base.origin}${base.pathname.replace(/\/$/, '')}`;
      if (slug === null || settings.urlForm === 'single') return `${root}${leadPath}`;
      if (settings.urlForm === 'subdomain' && settings.subdomainBase) {
        return `${base.protocol}//${slug}.${settings.subdomainBase}${leadPath}`;
      }
      return `${root}${leadPath}/${encodeURIComponent(slug)}`;
    },

    /** What Settings → Grupo ZAP shows: never a hash, never a secret. */
    async view(): Promise<SettingsView> {
      cached = null;
      const settings = await this.current();
      let endpointUrl: string | null = null;
      let endpointProblem: string | null = null;
      try {
        endpointUrl = this.endpointUrl(settings, settings.urlForm === 'single' ? null : ENDPOINT_PLACEHOLDER);
      } catch (error) {
        endpointProblem = (error as Error).message;
      }
      // secrets stored before the hint was shortened kept 4 characters: cut here too
      const hintOf = ({ hint, setAt, generated }: StoredSecret): SecretHint => ({ hint: secretHint(hint), setAt, generated });
      const { secret, previousSecret } = settings;
      return {
        username: settings.username,
        credential: {
          source: settings.credentialSource,
          current: secret && hintOf(secret),
          previous: previousSecret && { ...hintOf(previousSecret), validUntil: previousSecret.validUntil },
        },
        publicUrl: settings.publicUrl,
        urlForm: settings.urlForm,
        zonelessTimezone: settings.zonelessTimezone,
        allowedIps: settings.allowedIps,
        endpointUrl,
        endpointProblem,
        defaultGraceDays: DEFAULT_GRACE_DAYS,
        searchIndex: getService(strapi, 'search-index').view(),
        lostReasons: settings.lostReasons,
      };
    },

    async update(input: SettingsBody): Promise<void> {
      const stored = await readStored();
      await writeStored({
        ...stored,
        username: input.username,
        publicUrl: input.publicUrl ? input.publicUrl.replace(/\/+$/, '') : null,
        urlForm: input.urlForm as UrlForm,
        zonelessTimezone: input.zonelessTimezone,
        allowedIps: (input.allowedIps ?? []).filter((entry): entry is string => Boolean(entry)),
        ...(input.lostReasons
          ? { lostReasons: (input.lostReasons as Array<string | undefined>).filter((entry): entry is string => Boolean(entry)) }
          : {}),
      });
    },

    /**
     * Sets the portal secret (the one typed, or a generated one, returned once and never again).
     * The secret it replaces stays valid for `graceDays`, while the portal switches over.
     */
    async setSecret(input: SecretBody, now = Date.now()): Promise<{ generatedSecret: string | null }> {
      if (getPluginConfig(strapi).secretKey) {
        throw new errors.ApplicationError('The secret is set in the plugin config (secretKey) and cannot be changed here.');
      }
      const generatedSecret = input.secret ? null : generateSecret();
      const secret = (input.secret ?? generatedSecret) as string;
      const stored = await readStored();
      const graceDays = input.graceDays ?? DEFAULT_GRACE_DAYS;
      await writeStored({
        ...stored,
        secret: {
          hash: await hashSecret(secret),
          setAt: new Date(now).toISOString(),
          hint: secretHint(secret),
          generated: !input.secret,
        },
        previousSecret:
          stored.secret && graceDays > 0
            ? { ...stored.secret, validUntil: new Date(now + graceDays * DAY_MS).toISOString() }
            : null,
      });
      return { generatedSecret };
    },

    /** Ends the grace period of the previous secret at once. */
    async revokePreviousSecret(): Promise<void> {
      const stored = await readStored();
      await writeStored({ ...stored, previousSecret: null });
    },
  };
};
