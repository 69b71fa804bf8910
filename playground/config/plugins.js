const path = require('path');

module.exports = ({ env }) => ({
  grupozap: {
    enabled: true,
    // the repository root: strapi-server.js there loads the TypeScript source
    resolve: path.join(__dirname, '..', '..'),
    config: {
      secretKey: env('GRUPOZAP_SECRET_KEY') || null,
      subdomainBase: env('GRUPOZAP_SUBDOMAIN_BASE') || null,
      allowedIps: env.array('GRUPOZAP_ALLOWED_IPS', []),
    },
  },
});
