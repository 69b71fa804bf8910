'use strict';

/**
 * jest-runner's own runner, marked serial: the browser project's files run one at a time
 * (each boots Strapi and Chromium; two at once on 2 cores only make both flaky), whatever
 * --maxWorkers the other projects use.
 */
const TestRunner = require('jest-runner').default;

class SerialRunner extends TestRunner {
  constructor(...args) {
    super(...args);
    this.isSerial = true;
  }
}

module.exports = SerialRunner;
