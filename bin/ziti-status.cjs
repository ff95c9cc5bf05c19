#!/usr/bin/env node
// Shebang plus the built CLI; everything else lives in src/ (bundled by `npm run build`).
// CommonJS, like the bundle: an ES module entry would load Node's ESM loader, a few milliseconds
// that --help and a CI loop's every run would pay for nothing.
'use strict';
const { runProcess } = require('../dist/bundle/ziti-status.cjs');

runProcess(() => require('./load-commands.cjs').loadCommands());
