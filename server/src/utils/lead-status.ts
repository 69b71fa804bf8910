/**
 * A lead's place in the funnel is the attribute `leadStatus` (column `lead_status`): `status` is a
 * parameter of Strapi 5's Document Service (draft or published), which took a lead's `status`
 * for it and refused every Content Manager save. The plugin's own API, its webhooks and exports
 * keep calling it `status`, the name their clients know.
 */
export const LEAD_STATUS_ATTRIBUTE = 'leadStatus';

/** The inbox API's sortable field as the lead's attribute. */
export const leadAttributeOf = (apiField: string): string => (apiField === 'status' ? LEAD_STATUS_ATTRIBUTE : apiField);

/** A lead as the plugin's API shows it: `leadStatus` under the name `status`. */
export const withApiStatus = <T extends object>(lead: T): Omit<T, 'leadStatus'> & { status: unknown } => {
  const { leadStatus, ...rest } = lead as T & { leadStatus?: unknown };
  return { ...rest, status: leadStatus };
};
