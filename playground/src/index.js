'use strict';

const { seedDemo } = require('./demo');

module.exports = {
  register() {},

  /** On a fresh playground: a demo advertiser and listing, and a ready curl to post a lead. */
  async bootstrap({ strapi }) {
    if (process.env.GRUPOZAP_DEMO === 'false') return;
    await seedDemo(strapi);
  },
};
