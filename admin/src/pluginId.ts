export const PLUGIN_ID = 'grupozap';
