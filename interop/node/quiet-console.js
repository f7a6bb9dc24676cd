'use strict';
// Keeps a driver's stdout machine-readable: the SDK and mqtt.js log with console.*, so everything they print goes
// to stderr. Require this before the SDK.
console.log = console.error;
console.info = console.error;
console.warn = console.error;
console.debug = console.error;
