// The built CLI as it ships: both bundles start from V8's code cache, a cache from another
// build is never used, and a run does not load node:http2 (the stand-in inside undici is held to
// what undici reads in test/unit/library-internals.test.ts).
import { describe, expect, it } from '@jest/globals';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emptyDir } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Loads the bundles of the tree at `root` in a fresh node, as bin/ziti-status.cjs does, and says what became
 * of their code caches.
 */
function codeCacheOutcome(root: string): string {
  const script = `const { compileBundle } = require(${JSON.stringify(join(root, 'bin/load-bundle.cjs'))});
    const cli = compileBundle('ziti-status', { useCodeCache: true }).codeCache;
    process.stdout.write(cli + ' ' + compileBundle('commands', { useCodeCache: true, http: true }).codeCache);`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout;
}

/** A copy of what the package ships (bin/ and dist/bundle/), to tamper with. */
function shippedCopy(): string {
  const root = emptyDir();
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist/bundle'), join(root, 'dist/bundle'), { recursive: true });
  return root;
}

describe('the bundled CLI', () => {
  it('starts from the code caches the build wrote', () => {
    expect(codeCacheOutcome(ROOT)).toBe('used used');
  });

  it('ignores a code cache made from another build, and still runs', () => {
    const root = shippedCopy();
    const cacheFile = join(root, 'dist/bundle/commands.cjs.v8cache');
    const cache = readFileSync(cacheFile);
    // Another build's first line, of the same length: V8 alone would accept this cache for the source.
    const otherBuild = Buffer.from(
      cache
        .subarray(0, cache.indexOf(10))
        .toString('latin1')
        .replace(/[0-9a-f]{8}-/, '00000000-'),
      'latin1',
    );
    writeFileSync(cacheFile, Buffer.concat([otherBuild, cache.subarray(otherBuild.length)]));
    expect(codeCacheOutcome(root)).toBe('used none');

    const schema = spawnSync(process.execPath, [join(root, 'bin/ziti-status.cjs'), 'schema'], { encoding: 'utf8' });
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout)).toHaveProperty('$schema');
  });

  it('runs without its code cache', () => {
    const root = shippedCopy();
    writeFileSync(join(root, 'dist/bundle/commands.cjs.v8cache'), '');
    expect(codeCacheOutcome(root)).toBe('used none');
    const schema = spawnSync(process.execPath, [join(root, 'bin/ziti-status.cjs'), 'schema'], { encoding: 'utf8' });
    expect(schema.status).toBe(0);
  });

  it('runs a poll without loading node:http2: undici inside the bundle asks the stand-in', () => {
    const dir = emptyDir();
    // Notes every module the process requires by name; the bundles require Node's modules through the loader's require.
    const preload = join(dir, 'note-requires.cjs');
    writeFileSync(
      preload,
      `const Module = require('node:module'); const seen = new Set(); const original = Module.prototype.require;
       Module.prototype.require = function (id) { seen.add(id); return original.apply(this, arguments); };
       process.on('exit', () => require('node:fs').writeSync(2, '\\nREQUIRED ' + JSON.stringify([...seen])));`,
    );
    // Nothing listens on port 9 of 127.0.0.1: a refused poll still builds the Agent and sends its requests.
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        preload,
        join(ROOT, 'bin/ziti-status.cjs'),
        'list',
        'controllers',
        '-c',
        'http://127.0.0.1:9',
        '--no-discover',
        '-o',
        'json',
        '--timeout',
        '1s',
      ],
      { encoding: 'utf8' },
    );
    const required = JSON.parse(run.stderr.slice(run.stderr.lastIndexOf('REQUIRED ') + 'REQUIRED '.length)) as string[];
    expect(JSON.parse(run.stdout)).toHaveProperty('schemaVersion');
    expect(required).toContain('node:net');
    expect(required.filter((id) => /http2/.test(id))).toEqual([]);
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist/bundle-meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    expect(Object.keys(meta.inputs)).toContain('src/client/http2-shim.cjs');
  });
});
