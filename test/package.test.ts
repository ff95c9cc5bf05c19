// The published package: `npm pack`, installed into an empty directory (from the local npm cache,
// no network), runs the demo.
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
    const listing = execFileSync('tar', ['-tzf', join(out, tarball)], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toContain('package/bin/ziti-status.js');
    expect(listing).toContain('package/dist/bundle/ziti-status.js');
    expect(listing.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);

    const app = emptyDir();
    execFileSync('npm', ['init', '-y'], { cwd: app, stdio: 'pipe' });
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(out, tarball)], { cwd: app, stdio: 'pipe' });
    const demo = spawnSync('npx', ['--offline', 'ziti-status', 'list', 'controllers', '--demo', '--color', 'never'], { cwd: app, encoding: 'utf8' });
    expect(demo.stdout).toMatch(/^ctrl3\tctrl3\tonline\t.*stale-view$/m);
    expect(demo.status).toBe(1); // degraded: the demo's lagging replica
  }, 120_000);
});
