// Loads a bundle of the built CLI (dist/bundle/NAME.cjs) with V8's code cache, so a run starts
// from compiled bytecode instead of parsing JavaScript. Node 20 has no compile cache of its own
// (module.enableCompileCache came in Node 22) and cannot cache ES modules, hence CommonJS bundles
// compiled here with vm.Script. scripts/warm-code-cache.mjs writes the caches through the same
// function: both must compile the very same source under the same V8 flags.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');
const bundleFile = (name) => join(bundleDir, `${name}.cjs`);
const codeCacheFile = (name) => `${bundleFile(name)}.v8cache`;

/**
 * The bundle compiled and run: its exports, what became of its code cache ('used'; 'rejected' by
 * V8, e.g. under another Node version or flags; 'none' for this build), and the bytes of a new cache.
 * `http: true` for the bundle that makes HTTP requests (see below).
 */
function compileBundle(name, { useCodeCache, http = false }) {
  // undici compiles its HTTP parser (llhttp) to WebAssembly; V8 then re-optimizes all of it on a
  // background thread, and Node waits for that thread before the process may exit: about 45 ms of
  // a run that parses a few kilobytes, which V8's baseline compiler alone handles just as well.
  // Set before compiling: V8 stamps its flags on a cache and refuses one made under others. Not
  // for the first bundle: node:v8 costs --help a millisecond.
  if (http) require('node:v8').setFlagsFromString('--liftoff-only');
  const file = bundleFile(name);
  // latin1: the bundle is ASCII (esbuild escapes everything else), and a one-byte string is the cheapest to make.
  const source = readFileSync(file, 'latin1');
  // The bundle's first line names its build (scripts/bundle.mjs), and a cache file starts with the
  // line of the build it was made from: V8 itself compares only the source's length.
  const buildLine = Buffer.from(source.slice(0, source.indexOf('\n') + 1), 'latin1');
  const cachedData = useCodeCache ? readCodeCache(name, buildLine) : undefined;
  const { Script } = require('node:vm');
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, bundleDir);
  return {
    exports: module.exports,
    codeCache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used',
    codeCacheBytes: () => Buffer.concat([buildLine, script.createCachedData()]),
  };
}

function readCodeCache(name, buildLine) {
  let file;
  try {
    file = readFileSync(codeCacheFile(name));
  } catch {
    return undefined; // not built, or not readable: compile from source, only slower
  }
  return file.subarray(0, buildLine.length).equals(buildLine) ? file.subarray(buildLine.length) : undefined;
}

module.exports = { codeCacheFile, compileBundle };
