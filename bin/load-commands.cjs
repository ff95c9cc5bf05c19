// Loads the command implementations (dist/bundle/commands.cjs) with V8's code cache, so a run
// starts from compiled bytecode instead of parsing about a megabyte of JavaScript. Node 20 has no
// compile cache of its own (module.enableCompileCache came in Node 22) and cannot cache ES
// modules, hence a CommonJS file compiled here with vm.Script. Argument parsing and --help live in
// the small dist/bundle/ziti-status.cjs and never load this. scripts/warm-code-cache.mjs writes
// the cache through the same function: both must compile the very same source.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');
const commandsFile = join(bundleDir, 'commands.cjs');
const codeCacheFile = `${commandsFile}.v8cache`;

/** The commands bundle compiled and run, with the bytes of its code cache for the build to write. */
function compileCommands({ useCodeCache }) {
  // undici compiles its HTTP parser (llhttp) to WebAssembly; V8 then re-optimizes all of it on a
  // background thread, and Node waits for that thread before the process may exit: about 45 ms of
  // a run that parses a few kilobytes, which V8's baseline compiler alone handles just as well.
  // Set before compiling, so that the flags V8 stamps on the cache match on every run.
  require('node:v8').setFlagsFromString('--liftoff-only');
  // latin1: the bundle is ASCII (esbuild escapes everything else), and a one-byte string is the cheapest to make.
  const source = readFileSync(commandsFile, 'latin1');
  // The bundle's first line names its build (scripts/bundle.mjs); the cache file starts with the
  // line of the build it was made from.
  const buildLine = Buffer.from(source.slice(0, source.indexOf('\n') + 1), 'latin1');
  const cachedData = useCodeCache ? readCodeCache(buildLine) : undefined;
  const { Script } = require('node:vm');
  const script = new Script(source, { filename: commandsFile, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, commandsFile, bundleDir);
  return {
    commands: module.exports,
    // 'used', 'rejected' (by V8: another Node version or flags) or 'none' (no cache of this build).
    codeCache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used',
    codeCacheBytes: () => Buffer.concat([buildLine, script.createCachedData()]),
  };
}

let loaded;
/** main()'s LoadCommands for the bundled CLI. */
const loadCommands = async () => (loaded ??= compileCommands({ useCodeCache: true }).commands);

function readCodeCache(buildLine) {
  let file;
  try {
    file = readFileSync(codeCacheFile);
  } catch {
    return undefined; // not built, or not readable: compile from source, only slower
  }
  return file.subarray(0, buildLine.length).equals(buildLine) ? file.subarray(buildLine.length) : undefined;
}

module.exports = { codeCacheFile, compileCommands, loadCommands };
