export const PLUGIN_ID = 'grupozap';

export const UID = {
  advertiser: 'plugin::grupozap.advertiser',
  advertiserKey: 'plugin::grupozap.advertiser-key',
  listing: 'plugin::grupozap.listing',
  lead: 'plugin::grupozap.lead',
  delivery: 'plugin::grupozap.delivery',
  note: 'plugin::grupozap.note',
  agent: 'plugin::grupozap.agent',
  deliveryAlert: 'plugin::grupozap.delivery-alert',
  privacyAudit: 'plugin::grupozap.privacy-audit',
  activity: 'plugin::grupozap.activity',
} as const;

/** Origin of the "Minha Casa Minha Vida" leads, which carry no listing. */
export const MCMV_ORIGIN = 'MCMV_OLX';

/** Raw bodies kept in the delivery log are cut here; the lead keeps the whole parsed payload. */
export const MAX_STORED_BODY_CHARS = 64 * 1024;
