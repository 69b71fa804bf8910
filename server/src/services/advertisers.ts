import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

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
});
