// The published package: `npm pack`, installed into an empty directory (it has no dependencies to
// fetch: --offline, no network), runs the demo.
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyDir } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the npm package', () => {
  it('packs small, installs into an empty directory and runs `npx ziti-status list controllers --demo`', () => {
    const out = emptyDir();
    // --ignore-scripts: the tree was built by the test run already; pack only reads dist/bundle.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'))!;
    const listing = execFileSync('tar', ['-tzf', join(out, tarball)], { encoding: 'utf8' })
      .trim()
      .split('\n');
    for (const file of [
      'bin/ziti-status.cjs',
      'bin/load-bundle.cjs',
      'dist/bundle/ziti-status.cjs',
      'dist/bundle/ziti-status.cjs.v8cache',
      'dist/bundle/commands.cjs',
      'dist/bundle/commands.cjs.v8cache',
    ]) {
      expect(listing).toContain(`package/${file}`);
    }
    // `simulate --scenario FILE`'s example files ship, with src/sim/README.md (npm adds a README
    // beside shipped files) that describes their format; no other source and no tests do.
    const scenarioFiles = readdirSync(join(ROOT, 'src/sim/scenarios')).filter((f) => f.endsWith('.json'));
    expect(scenarioFiles.length).toBeGreaterThan(0);
    for (const file of scenarioFiles) expect(listing).toContain(`package/src/sim/scenarios/${file}`);
    const shipped = listing.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'));
    expect(shipped.sort()).toEqual(
      ['package/src/sim/README.md', ...scenarioFiles.map((f) => `package/src/sim/scenarios/${f}`)].sort(),
    );
    // The bundles carry other packages' code, so their licenses travel with it.
    const notices = execFileSync('tar', ['-xzOf', join(out, tarball), 'package/dist/bundle/THIRD-PARTY-NOTICES.txt'], {
      encoding: 'utf8',
    });
    for (const dependency of ['commander', 'cli-table3', 'chalk', 'undici', 'zod', 'yaml'])
      expect(notices).toMatch(new RegExp(`^${dependency} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
    // The bundle carries commander, chalk, undici, zod and the rest: installing fetches nothing else.
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', join(out, tarball), 'package/package.json'], { encoding: 'utf8' }),
    ) as { dependencies?: object };
    expect(manifest.dependencies).toBeUndefined();

    const app = emptyDir();
    execFileSync('npm', ['init', '-y'], { cwd: app, stdio: 'pipe' });
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(out, tarball)], {
      cwd: app,
      stdio: 'pipe',
    });
    const demo = spawnSync('npx', ['--offline', 'ziti-status', 'list', 'controllers', '--demo', '--color', 'never'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(demo.stdout).toMatch(/^ctrl3\tctrl3\tonline\t.*stale-view$/m);
    expect(demo.status).toBe(1); // degraded: the demo's lagging replica
    // The shipped scenario file runs from the installed package, relative to the working directory.
    // The installed bin itself (one process, no npx in between), so the timeout's SIGINT reaches it.
    const simulate = spawnSync(
      process.execPath,
      [
        'node_modules/ziti-status/bin/ziti-status.cjs',
        'simulate',
        '--scenario',
        'node_modules/ziti-status/src/sim/scenarios/healthy-3.json',
      ],
      { cwd: app, encoding: 'utf8', timeout: 3000, killSignal: 'SIGINT' },
    );
    expect(simulate.stdout).toMatch(/^ctrl3\thttp:\/\/127\.0\.0\.1:\d+$/m);
  }, 120_000);
});
