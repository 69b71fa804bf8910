import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../constants';
import { isValidDocument, normalizeDocument } from '../utils/brazilian-document';
import { fieldError, shown } from './field-error';

type Data = Record<string, unknown>;

/**
 * Advertisers as the portal's registration CSV needs them: the CPF/CNPJ stored unmasked and
 * upper case, with valid check digits and once only; the URL key (slug) in lower case, since
 * keys are matched regardless of case.
 */
export const advertiserDocumentMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.advertiser || (context.action !== 'create' && context.action !== 'update')) {
      return next();
    }
    const data = (context.params as { data?: Data }).data;
    if (data && typeof data.document === 'string') {
      const document = normalizeDocument(data.document);
      if (!isValidDocument(document)) {
        throw fieldError('document', `“${shown(data.document)}” is not a valid CPF or CNPJ: check the digits.`, data.document);
      }
      const owner = await strapi.db.query(UID.advertiser).findOne({ where: { document }, select: ['documentId'] });
      const documentId = (context.params as { documentId?: string }).documentId;
      if (owner && owner.documentId !== documentId) {
        throw fieldError('document', `Another advertiser already has the CPF/CNPJ “${shown(data.document)}”.`, data.document);
      }
      data.document = document;
    }
    if (data && typeof data.slug === 'string') data.slug = data.slug.trim().toLowerCase();
    return next();
  };
