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
    },
  },
});
