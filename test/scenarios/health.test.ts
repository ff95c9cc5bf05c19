// The health around the data, end to end: the built-in scenarios cert-expiring, cert-expired and
// version-skew, a preferred leader that does not lead and a read-only member, each run through the
// real CLI against simulated controllers on 127.0.0.1 (docs/design.md section 3 rules 6 and 7).
import { describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import type { ClusterView, ControllerRow } from '../../src/model.js';
import { builtinScenario, parseScenario, ScenarioError } from '../../src/sim/index.js';
import { listJson, runCli } from '../helpers/cli.js';
import { controllerPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null, leaderLeaseTimeoutMs: null });
const DAY = 86_400_000;

const row = (view: ClusterView, id: string) => view.controllers.find((c) => c.id === id) as ControllerRow;
const codes = (view: ClusterView, id: string) => row(view, id).flags.map((f) => f.code);
const daysLeft = (view: ClusterView, id: string) =>
  (Date.parse(row(view, id).certExpiresAt!) - Date.parse(view.generatedAt)) / DAY;

describe('certificates', () => {
  it('cert-expiring: ctrl2 expires in 5 days, within the default 30d: flagged, degraded, exit 1', async () => {
    const c = await start(builtinScenario('cert-expiring'));
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(1);
    expect(row(view, 'ctrl2').flags).toEqual([expect.objectContaining({ code: 'cert-expiring' })]);
    expect(codes(view, 'ctrl1')).toEqual([]);
    expect(daysLeft(view, 'ctrl2')).toBeCloseTo(5, 1);
    expect(daysLeft(view, 'ctrl1')).toBeCloseTo(365, 1);
    expect(view.cluster.earliestCertExpiry).toEqual({ id: 'ctrl2', at: row(view, 'ctrl2').certExpiresAt });
    expect(view.cluster.reasons).toEqual([
      'not healthy: ctrl2 (cert-expiring)',
      expect.stringMatching(/^earliest certificate expiry: ctrl2 at \S+ \(in 5d, within --cert-warn 30d\)$/),
    ]);
  });

  it('--cert-warn below what is left clears it (healthy, exit 0); the CLI clock moved a week on, it expired', async () => {
    const c = await start(builtinScenario('cert-expiring'));
    const short = await listJson([c.url('ctrl1')], ['--cert-warn', '72h']);
    expect(short.code).toBe(0);
    expect(short.view.controllers.flatMap((r) => r.flags)).toEqual([]);
    const later = await listJson([c.url('ctrl1')], [], { now: new Date(Date.now() + 7 * DAY) });
    expect(codes(later.view, 'ctrl2')).toEqual(['cert-expired']);
  });

  it('cert-expired: ctrl3 expired yesterday: flagged with the evidence, exit 1; -o wide on a terminal says so', async () => {
    const c = await start(builtinScenario('cert-expired'));
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(1);
    expect(codes(view, 'ctrl3')).toEqual(['cert-expired']);
    expect(row(view, 'ctrl3').flags[0]!.message).toMatch(
      /^its certificate expired at \S+, 24h ago \(certPem in ctrl1's replica\): its peers and clients refuse it/,
    );
    const wide = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'wide', '--color', 'never'], {
      tty: true,
    });
    expect(wide.stdout).toMatch(/CERT EXPIRES/);
    expect(wide.stdout).toMatch(/^│? ?ctrl3 .*expired 24h ago/m);
    expect(wide.stdout).toMatch(/^│? ?ctrl1 .*in 365d/m);
  });

  it('-o prometheus: one expiry series per controller, in seconds since the epoch', async () => {
    const c = await start(builtinScenario('cert-expired'));
    const { view } = await listJson([c.url('ctrl1')]);
    const { stdout } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'prometheus']);
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3'])
      expect(stdout).toContain(
        `ziti_status_controller_cert_expiry_timestamp_seconds{controller="${id}"} ${Date.parse(row(view, id).certExpiresAt!) / 1000}\n`,
      );
  });

  it("the simulator's certificates are real: the published certPem parses, CN its name, dates as the scenario says", async () => {
    const c = await start({
      controllers: [{ id: 'ctrl1' }, { id: 'ctrl2', certNotBeforeMs: 2 * DAY, certNotAfterMs: 400 * DAY }],
    });
    const rows = (await (await fetch(`${c.url('ctrl1')}/edge/management/v1/controllers`)).json()) as {
      data: { id: string; certPem: string }[];
    };
    const ctrl2 = new X509Certificate(rows.data.find((r) => r.id === 'ctrl2')!.certPem);
    expect(ctrl2.subject).toBe('CN=ctrl2');
    expect((Date.parse(ctrl2.validFrom) - Date.now()) / DAY).toBeCloseTo(2, 1);
    // Not valid yet: a note, not a flag. The certificate keeps whole seconds, so two days from now reads 48h or 2d.
    const { view } = await listJson([c.url('ctrl1')]);
    expect(codes(view, 'ctrl2')).toEqual([]);
    expect(view.cluster.notes).toEqual([
      expect.stringMatching(/^ctrl2's certificate is not valid before \S+ \(in (?:48h|2d)\)/),
    ]);
  });

  it('the validity keys are checked: notAfter before notBefore is refused, and under tls they are refused', async () => {
    expect(() => parseScenario({ controllers: [{ id: 'ctrl1', certNotBeforeMs: 10, certNotAfterMs: 5 }] })).toThrow(
      new ScenarioError('invalid scenario: controllers[0].certNotAfterMs: must be later than certNotBeforeMs'),
    );
    const pki = controllerPki();
    await expect(start({ controllers: [{ id: 'ctrl1', certNotAfterMs: DAY }] }, { tls: pki.simTls() })).rejects.toThrow(
      /certNotBeforeMs\/certNotAfterMs apply over plain HTTP only/,
    );
  });
});

describe('version skew', () => {
  it('version-skew: ctrl3 still on v2.0.2 while the leader runs v2.0.3: flagged, a note, exit 1', async () => {
    const c = await start(builtinScenario('version-skew'));
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(1);
    expect(view.controllers.map((r) => [r.id, r.version, r.flags.map((f) => f.code)])).toEqual([
      ['ctrl1', 'v2.0.3', []],
      ['ctrl2', 'v2.0.3', []],
      ['ctrl3', 'v2.0.2', ['version-skew']],
    ]);
    expect(row(view, 'ctrl3').flags[0]!.message).toBe('it runs v2.0.2, the leader ctrl1 runs v2.0.3');
    expect(view.cluster.notes).toEqual([
      "versions differ: v2.0.3 (ctrl1, ctrl2), v2.0.2 (ctrl3); compared with the leader's v2.0.3",
    ]);
  });

  it('a member that does not answer has no version, and is not called skewed', async () => {
    const c = await start(builtinScenario('version-skew'));
    await c.kill('ctrl3');
    const { view } = await listJson([c.url('ctrl1')]);
    expect(row(view, 'ctrl3').version).toBeNull();
    expect(codes(view, 'ctrl3')).toEqual(['unreachable']);
    expect(view.cluster.notes.filter((n) => n.startsWith('versions differ'))).toEqual([]);
  });
});

describe('leadership and read-only members', () => {
  it('the preferred leader answers but another leads: a note, no flag, healthy; -o wide shows PREFERRED', async () => {
    const c = await start({ nodes: 3, leader: 'ctrl2' }); // ctrl1 is the preferred leader
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(0);
    expect(view.cluster).toMatchObject({ verdict: 'healthy', leader: 'ctrl2' });
    expect(view.cluster.notes).toEqual(['the preferred leader ctrl1 answers, but ctrl2 leads']);
    expect(view.controllers.flatMap((r) => r.flags)).toEqual([]);
    const { stdout } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'wide']);
    expect(stdout).toMatch(/^ctrl1 .* yes +ctrl1:on/m);
    expect(stdout).toMatch(/^ctrl2 +ctrl2 +online +leader .* - +ctrl1:on/m);
    expect(stdout).toMatch(/^ +- note: the preferred leader ctrl1 answers, but ctrl2 leads$/m);
  });

  it('a read-only member: flagged, named in the summary, shown in the FLAGS column of -o wide', async () => {
    const c = await start({ controllers: [{ id: 'ctrl1' }, { id: 'ctrl2', readOnly: true }, { id: 'ctrl3' }] });
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(1);
    expect(codes(view, 'ctrl2')).toEqual(['read-only']);
    expect(view.cluster.reasons).toEqual(['not healthy: ctrl2 (read-only)']);
    const { stdout } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'wide']);
    expect(stdout).toMatch(/^ctrl2 .* read-only +http/m);
    expect(stdout).toMatch(/^ +- ctrl2 read-only: its live view says the mesh is read-only/m);
  });
});
