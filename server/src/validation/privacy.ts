import { errors, yup } from '@strapi/utils';
import { parseSubject, SUBJECT_KINDS, type DataSubject } from '../utils/data-subject';
import type { PrivacySubjectBody } from '../../../shared/contracts/privacy';
import { validate } from './validate';

export const subjectBody = yup
  .object({
    kind: yup
      .string()
      .oneOf([...SUBJECT_KINDS])
      .required(),
    value: yup.string().trim().min(3).max(254).required(),
  })
  .noUnknown();

const INVALID: Record<DataSubject['kind'], string> = {
  email: 'Not an e-mail address',
  phone: 'Not a Brazilian phone number (DDD and number, with or without +55)',
  cpf: 'Not a CPF (11 digits with valid check digits)',
};

/** The person named in the body, normalised; 400 with the field's error otherwise. */
export const subjectOf = async (input: unknown): Promise<DataSubject> => {
  const { kind, value } = await validate<PrivacySubjectBody>(subjectBody, input);
  const subject = parseSubject(kind, value);
  if (!subject) throw new errors.ValidationError(INVALID[kind], { errors: [{ path: ['value'], message: INVALID[kind] }] });
  return subject;
};
