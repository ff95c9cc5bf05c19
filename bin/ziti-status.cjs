#!/usr/bin/env node
// Starts the built CLI; everything else lives in src/ (bundled by `npm run build`). CommonJS, like
// the bundles: an ES module here would load Node's ESM loader, a few milliseconds that --help and
// every run of a CI loop would pay for nothing. The commands bundle loads once the arguments are
// parsed, so --help and usage errors never read it.
'use strict';
const { compileBundle } = require('./load-bundle.cjs');

let commands;
const loadCommands = async () => (commands ??= compileBundle('commands', { useCodeCache: true, http: true }).exports);
compileBundle('ziti-status', { useCodeCache: true }).exports.runProcess(loadCommands);
