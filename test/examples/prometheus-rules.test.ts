// examples/prometheus/: the alert rules for serve's metrics pass `promtool check rules`, and every
// alert fires (and stays quiet) as its unit tests in ziti-status.rules.test.yml say. promtool is
// required: without it this fails, saying how to install it (CI installs Debian's prometheus package).
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FLAG_CODES } from '../../src/model.js';
import { renderPrometheus } from '../../src/render/prometheus.js';
import { clusterView } from '../unit/view-fixture.js';

const DIR = fileURLToPath(new URL('../../examples/prometheus/', import.meta.url));
const RULES = 'ziti-status.rules.yml';

/** Runs promtool in the examples folder, ended by its PID if it outlives the bound. */
function promtool(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { cwd: DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const guard = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 15_000);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(guard);
      reject(
        err.code === 'ENOENT'
          ? new Error(
              'promtool is not installed, and these rules cannot be checked without it: ' +
                'apt-get install prometheus (Debian; .ci/run does this), or put promtool on the PATH',
            )
          : err,
      );
    });
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}

describe('examples/prometheus', () => {
  it('the rules file passes promtool check rules', async () => {
    const { code, output } = await promtool(['check', 'rules', RULES]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS: 11 rules found/) });
  });

  it('the example Prometheus configuration, which loads them, passes promtool check config', async () => {
    const { code, output } = await promtool(['check', 'config', 'prometheus.yml']);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS: 1 rule files found/) });
  });

  it('every alert passes its promtool unit tests', async () => {
    const { code, output } = await promtool(['test', 'rules', 'ziti-status.rules.test.yml']);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS/) });
  });

  it('every alert has a unit test, and a severity of critical or warning', () => {
    const rules = readFileSync(`${DIR}${RULES}`, 'utf8');
    const tests = readFileSync(`${DIR}ziti-status.rules.test.yml`, 'utf8');
    const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!);
    expect(alerts).toHaveLength(11);
    for (const alert of alerts) expect(tests).toContain(`alertname: ${alert}\n`);
    expect([...rules.matchAll(/severity: (\w+)/g)].map((m) => m[1]).every((s) => /^(critical|warning)$/.test(s!))).toBe(
      true,
    );
  });

  it('names only series and flags ziti-status exposes (or that the contract adds: lag, certificates)', () => {
    const rules = readFileSync(`${DIR}${RULES}`, 'utf8');
    const exposed = new Set(
      [...renderPrometheus([{ view: clusterView(), labels: { cluster: 'c' } }]).matchAll(/^# TYPE (\w+)/gm)].map(
        (m) => m[1],
      ),
    );
    // A single run counts no leader changes: no counter (serve's views carry one: test/watch/watch-elections).
    expect(exposed.has('ziti_status_cluster_leader_elections_total')).toBe(false);
    // The shared contract's series from the lag and health checks, and the counter (watch and serve only).
    for (const name of [
      'ziti_status_controller_raft_lag_entries',
      'ziti_status_controller_cert_expiry_timestamp_seconds',
      'ziti_status_cluster_leader_elections_total',
    ])
      exposed.add(name);
    const named = new Set([...rules.matchAll(/\b(ziti_status_\w+)/g)].map((m) => m[1]));
    expect([...named].filter((n) => !exposed.has(n))).toEqual([]);
    const flags = [...rules.matchAll(/flag="([\w-]+)"/g)].map((m) => m[1]!);
    const known = [...FLAG_CODES, 'lagging', 'cert-expiring', 'cert-expired'] as string[];
    expect(flags.filter((f) => !known.includes(f))).toEqual([]);
  });
});
