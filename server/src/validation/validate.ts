import { validateYupSchema, type yup } from '@strapi/utils';

/** Validates and casts with Strapi's own error format (400 ValidationError with details). */
export const validate = <T>(schema: yup.AnySchema, input: unknown): Promise<T> =>
  validateYupSchema(schema, { strict: false, abortEarly: false, stripUnknown: false })(input) as Promise<T>;
