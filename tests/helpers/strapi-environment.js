'use strict';

const { TestEnvironment } = require('jest-environment-node');

/**
 * The API suite's jest environment: Node's, with Strapi loaded once per jest worker by Node's own
 * `require` rather than by jest's module registry, which loads and compiles Strapi's thousands of
 * modules again for every test file (a second or two a file, a third of the API phase). Each file
 * still boots its own Strapi on its own database (tests/helpers/strapi.ts); the plugin's
 * TypeScript is then loaded through tsx by the playground's shim, also once per worker.
 *
 * Strapi lives in the worker's realm and the test file in jest's: what crosses between them is
 * bridged here, and nowhere else.
 */
let strapi;
let utils;

class StrapiTestEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    // the playground's plugin shim registers tsx when Node, not jest, loads the plugin
    process.env.GRUPOZAP_NATIVE_STRAPI = '1';
    strapi ??= require('@strapi/strapi');
    utils ??= require('@strapi/utils');
    // `env`: Strapi reads the process's environment, not the copy jest gives the test file
    this.global.__grupozapNative = { strapi, utils, env: process.env };
    // one Date for both realms: the database drivers tell a date from an object by `instanceof`
    this.global.Date = Date;

    // Strapi's destroy() removes every listener of the process, the worker's IPC listener too:
    // only the listeners added since this file started are removed
    const before = new Map(process.eventNames().map((event) => [event, new Set(process.listeners(event))]));
    const removeAllListeners = process.removeAllListeners;
    this.restore = () => (process.removeAllListeners = removeAllListeners);
    process.removeAllListeners = function (...events) {
      if (events.length) return removeAllListeners.apply(process, events);
      for (const event of process.eventNames()) {
        for (const listener of process.listeners(event)) {
          if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
        }
      }
      return process;
    };
  }

  async teardown() {
    this.restore?.();
    // the admin login's rate limiter keeps its counts in its module: a fresh one for the next file
    for (const id of Object.keys(require.cache)) {
      if (id.includes('/node_modules/koa2-ratelimit/')) delete require.cache[id];
    }
    await super.teardown();
  }
}

module.exports = StrapiTestEnvironment;
