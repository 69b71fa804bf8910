import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { stringify } from 'csv-stringify/sync';
import { PLUGIN_ID, UID } from '../constants';
import { getPluginConfig } from '../utils/plugin-config';

export interface AdvertiserRef {
  id: number;
  documentId: string;
  slug: string;
  active: boolean;
}

const REF_FIELDS = ['id', 'documentId', 'slug', 'active'];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The advertiser named in a lead URL; keys match whatever their letter case. */
  async findByKey(key: string): Promise<AdvertiserRef | null> {
    return strapi.db.query(UID.advertiser).findOne({
      where: { slug: { $eqi: key.trim() } },
      select: REF_FIELDS,
    });
  },

  /** An active advertiser by its (normalized) CPF or CNPJ, used for MCMV leads. */
  async findActiveByDocument(document: string): Promise<AdvertiserRef | null> {
    return strapi.db.query(UID.advertiser).findOne({
      where: { document, active: true },
      select: REF_FIELDS,
    });
  },

  /**
   * The URL to register for an advertiser: path form under the app's public URL (`server.url`),
   * or subdomain form when `subdomainBase` is configured.
   */
  integrationUrl(slug: string): string {
    const publicUrl = String(strapi.config.get('server.url', '') ?? '');
    if (!/^https?:\/\//.test(publicUrl)) {
      throw new errors.ValidationError('Set the public URL of the app (server.url) to build integration URLs.');
    }
    const base = new URL(publicUrl);
    const leadPath = `${strapi.config.get('api.rest.prefix', '/api')}/${PLUGIN_ID}/lead`;
    const { subdomainBase } = getPluginConfig(strapi);
    if (subdomainBase) return `${base.protocol}//${slug}.${subdomainBase}${leadPath}`;
    return `${base.origin}${base.pathname.replace(/\/$/, '')}${leadPath}/${encodeURIComponent(slug)}`;
  },

  /** The portal's batch registration CSV: one row per active advertiser. */
  async registrationCsv(): Promise<string> {
    const rows: { document: string; slug: string; sendLeadEmail: boolean }[] = await strapi.db.query(UID.advertiser).findMany({
      where: { active: true },
      select: ['document', 'slug', 'sendLeadEmail'],
      orderBy: { name: 'asc' },
    });
    return stringify(
      rows.map((row) => [row.document, this.integrationUrl(row.slug), row.sendLeadEmail ? 'true' : 'false']),
      { header: true, columns: ['DOCUMENT', 'URL', 'SEND_LEAD_EMAIL'] }
    );
  },
});
