import { isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';

/**
 * CPF (11 digits) or CNPJ (14 characters, alphanumeric since July 2026) as the portal's
 * registration CSV wants it: no punctuation, upper case.
 */
export const normalizeDocument = (value: string): string => value.replace(/[^0-9a-z]/gi, '').toUpperCase();

export type DocumentKind = 'cpf' | 'cnpj';

export const documentKind = (normalized: string): DocumentKind | null => {
  if (/^\d{11}$/.test(normalized)) return 'cpf';
  if (/^[0-9A-Z]{12}\d{2}$/.test(normalized)) return 'cnpj';
  return null;
};

/** Check digits of a CPF or a (numeric or alphanumeric) CNPJ, masked or not. */
export const isValidDocument = (value: string): boolean => {
  const normalized = normalizeDocument(value);
  switch (documentKind(normalized)) {
    case 'cpf':
      return isValidCpf(normalized);
    case 'cnpj':
      return isValidCnpj(normalized, { version: 2 });
    default:
      return false;
  }
};
