// The built CLI as it ships: both bundles start from V8's code cache, a cache from another
// build is never used, and the node:http2 stand-in inside undici matches Node's constants.
import { describe, expect, it } from '@jest/globals';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { constants as http2Constants } from 'node:http2';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emptyDir } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Loads the bundles of the tree at `root` in a fresh node, as bin/ziti-status.cjs does, and says what became of their code caches. */
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
    const otherBuild = Buffer.from(cache.subarray(0, cache.indexOf(10)).toString('latin1').replace(/[0-9a-f]{8}-/, '00000000-'), 'latin1');
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

  it("stands in for node:http2 inside undici with HTTP/2's own constants", () => {
    const shim = createRequire(import.meta.url)('../src/client/http2-shim.cjs') as { constants: Record<string, unknown> };
    for (const [name, value] of Object.entries(shim.constants)) expect([name, value]).toEqual([name, http2Constants[name as keyof typeof http2Constants]]);
  });
});
