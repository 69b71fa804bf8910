/**
 * The playground's admin panel: Portuguese (Brazil) offered beside English, the language of the
 * agents who work the leads. Each admin user picks it in their profile (Interface language); an
 * app that installs the plugin needs the same `locales` in its own src/admin/app.
 */
export default {
  config: {
    locales: ['pt-BR'],
  },
  bootstrap() {},
};
