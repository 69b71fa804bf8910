export const prefixPluginTranslations = (translations: Record<string, string>, pluginId: string) =>
  Object.fromEntries(Object.entries(translations).map(([key, value]) => [`${pluginId}.${key}`, value]));
