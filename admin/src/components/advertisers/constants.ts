/** The advertiser content type, as the Content Manager names it in its URLs and props. */
export const ADVERTISER_MODEL = 'plugin::grupozap.advertiser';
