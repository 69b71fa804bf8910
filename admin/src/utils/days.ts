/**
 * Days as the API takes them (YYYY-MM-DD) and as the Design System's DatePicker gives them (a Date
 * at local midnight): a day picked is the browser's local calendar day.
 */

/** YYYY-MM-DD of a date picked in the browser. */
export const toDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The picker's Date (local midnight) of a YYYY-MM-DD day. */
export const fromDay = (day: string): Date => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
};
