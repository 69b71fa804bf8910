const { winston, formats } = require('@strapi/logger');

// LOG_LEVEL=warn keeps the tests quiet; the default shows every request, as Strapi does.
module.exports = ({ env }) => ({
  level: env('LOG_LEVEL', 'http'),
  format: formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' }),
  transports: [new winston.transports.Console()],
});
