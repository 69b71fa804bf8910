const path = require('path');

module.exports = ({ env }) => ({
  grupozap: {
    enabled: true,
    // a shim that loads the repository's TypeScript source (server and admin), no build needed
    resolve: path.join(__dirname, '..', 'src', 'plugins', 'grupozap'),
    config: {
      secretKey: env('GRUPOZAP_SECRET_KEY') || null,
      subdomainBase: env('GRUPOZAP_SUBDOMAIN_BASE') || null,
      allowedIps: env.array('GRUPOZAP_ALLOWED_IPS', []),
      // the plugin's default (1 s) unless the environment says otherwise (the tests: 0)
      ...(env('GRUPOZAP_AUTH_FAILURE_DELAY_MS') ? { authFailureDelayMs: env.int('GRUPOZAP_AUTH_FAILURE_DELAY_MS') } : {}),
      notifications: {
        errorsEmail: env('GRUPOZAP_ERRORS_EMAIL') || null,
      },
      // the playground's own properties (src/api/imovel) become Listings, and so the VRSync feed;
      // GRUPOZAP_LISTING_SOURCE=none: Listings typed in the Content Manager, as in an app without a mapping
      listingSource:
        env('GRUPOZAP_LISTING_SOURCE') === 'none'
          ? null
          : {
              contentType: 'api::imovel.imovel',
              fields: {
                clientListingId: 'codigo',
                title: 'titulo',
                description: 'descricao',
                transactionType: 'finalidade',
                propertyType: 'tipo',
                salePrice: 'precoVenda',
                rentPrice: 'precoAluguel',
                condoFee: 'condominio',
                iptu: 'iptu',
                livingArea: 'area',
                bedrooms: 'quartos',
                bathrooms: 'banheiros',
                suites: 'suites',
                parkingSpaces: 'vagas',
                street: 'rua',
                streetNumber: 'numero',
                neighborhood: 'bairro',
                city: 'cidade',
                state: 'uf',
                postalCode: 'cep',
                photos: 'fotos',
                advertiser: 'anunciante',
                active: 'ativo',
              },
            },
    },
  },
  // SMTP_HOST set: e-mail goes through nodemailer to that server (as a local test server wants
  // it: no auth, no TLS); unset: Strapi's default email provider (sendmail) stays.
  ...(env('SMTP_HOST')
    ? {
        email: {
          config: {
            provider: 'nodemailer',
            providerOptions: {
              host: env('SMTP_HOST'),
              port: env.int('SMTP_PORT', 25),
              secure: false,
              ignoreTLS: true,
            },
            settings: {
              defaultFrom: env('SMTP_FROM', 'CRM Playground <crm@playground.localhost>'),
            },
          },
        },
      }
    : {}),
});
