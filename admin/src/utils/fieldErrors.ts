import { isAnswerError } from '../services/api';

interface FieldError {
  path: string[];
  message: string;
}

/** The field errors of Strapi's ValidationError (`details.errors[]`), if that is what `error` is. */
const fieldErrorList = (error: unknown): FieldError[] => {
  if (!isAnswerError(error)) return [];
  const details = error.details as { errors?: FieldError[] } | undefined;
  return Array.isArray(details?.errors) ? details.errors : [];
};

/** Each field's error by the field's name (the first segment of its path), or null when none. */
export const fieldErrorsOf = <Field extends string>(error: unknown): Partial<Record<Field, string>> | null => {
  const errors = fieldErrorList(error);
  if (!errors.length) return null;
  return Object.fromEntries(errors.map(({ path, message }) => [path[0], message])) as Partial<Record<Field, string>>;
};

/** The first field error's message, for a form of one field. */
export const firstFieldErrorOf = (error: unknown): string | null => fieldErrorList(error)[0]?.message ?? null;
