import { errors } from '@strapi/utils';

/** A validation error the Content Manager shows under the field itself. */
export const fieldError = (field: string, message: string, value?: unknown) =>
  new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError', value }],
  });

/**
 * What was typed, as a message may quote it: after a refused save the Content Manager shows the
 * stored value again, under the message, so the message must say which value it refused.
 */
export const shown = (value: string): string => (value.length > 24 ? `${value.slice(0, 24)}…` : value);
