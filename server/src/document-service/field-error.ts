import { errors } from '@strapi/utils';

/** A validation error the Content Manager shows under the field itself. */
export const fieldError = (field: string, message: string, value?: unknown) =>
  new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError', value }],
  });
