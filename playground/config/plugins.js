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
      notifications: {
        errorsEmail: env('GRUPOZAP_ERRORS_EMAIL') || null,
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
