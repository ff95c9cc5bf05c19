// The certificate flags (docs/design.md section 3 rule 6): `cert-expired` past its notAfter,
// `cert-expiring` within --cert-warn, judged against the view's time; an unreadable certPem is its
// replica holder's `bad-response` and never an expiry claim. Dates read from real v2.0.3 rows too.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Evidence } from '../../../../src/evidence.js';
import { reconcile } from '../../../../src/reconcile.js';
import { readCertificate } from '../../../../src/reconcile/certificates.js';
import { DEFAULT_POLICY } from '../../../../src/reconcile/policy.js';
import type { ControllerDetail } from '../../../../src/schemas/controllers.js';
import { Memo } from '../../../../src/memo.js';
import {
  byId,
  certValid,
  codes,
  flag,
  healthyEvidence,
  IDS,
  NOW,
  ok,
  row,
  withSignals,
} from '../../../helpers/evidence.js';

const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

/** Every holder in `holders` (all by default) carries `pem` as `id`'s certificate. */
function withCert(id: string, pem: string, holders = IDS, evidence: Evidence = healthyEvidence()): Evidence {
  const rows = IDS.map((r) => row(r, true, r === id ? { certPem: pem } : {}));
  return holders.reduce((e, h) => withSignals(e, h, { replica: ok(rows) }), evidence);
}

describe('cert-expired', () => {
  it('a certificate past its notAfter: cert-expired, degraded, the reason names the earliest expiry', () => {
    const view = reconcile(withCert('ctrl2', certValid(at(-400 * DAY), at(-DAY))), NOW);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['cert-expired']);
    expect(flag(view.controllers, 'ctrl2', 'cert-expired')?.message).toMatch(
      new RegExp(`^its certificate expired at ${at(-DAY)}, 24h ago \\(certPem in ctrl1's replica\\)`),
    );
    expect(byId(view.controllers, 'ctrl2').certExpiresAt).toBe(at(-DAY));
    expect(view.cluster.verdict).toBe('degraded');
    expect(view.cluster.earliestCertExpiry).toEqual({ id: 'ctrl2', at: at(-DAY) });
    expect(view.cluster.reasons).toEqual([
      'not healthy: ctrl2 (cert-expired)',
      `earliest certificate expiry: ctrl2 at ${at(-DAY)} (expired 24h ago)`,
    ]);
  });

  it('valid through its notAfter, inclusive: at that very instant it is expiring, not expired', () => {
    const view = reconcile(withCert('ctrl2', certValid(at(-DAY), at(0))), NOW);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['cert-expiring']);
  });
});

describe('cert-expiring', () => {
  it('within the default --cert-warn (30 days): cert-expiring naming when and the threshold', () => {
    const view = reconcile(withCert('ctrl3', certValid(at(-DAY), at(5 * DAY))), NOW);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['cert-expiring']);
    expect(flag(view.controllers, 'ctrl3', 'cert-expiring')?.message).toBe(
      `its certificate expires at ${at(5 * DAY)}, in 5d, within --cert-warn 30d (certPem in ctrl1's replica)`,
    );
    expect(view.cluster.verdict).toBe('degraded');
    expect(view.cluster.reasons).toContain(
      `earliest certificate expiry: ctrl3 at ${at(5 * DAY)} (in 5d, within --cert-warn 30d)`,
    );
  });

  it('beyond --cert-warn: no flag and healthy, yet the earliest expiry is still reported', () => {
    const view = reconcile(withCert('ctrl3', certValid(at(-DAY), at(31 * DAY))), NOW);
    expect(codes(view.controllers, 'ctrl3')).toEqual([]);
    expect(view.cluster).toMatchObject({ verdict: 'healthy', reasons: [], notes: [] });
    expect(view.cluster.earliestCertExpiry).toEqual({ id: 'ctrl3', at: at(31 * DAY) });
  });

  it('the threshold comes from the policy (--cert-warn 40d flags the same certificate)', () => {
    const policy = { ...DEFAULT_POLICY, certWarnMs: 40 * DAY };
    const view = reconcile(withCert('ctrl3', certValid(at(-DAY), at(31 * DAY))), NOW, new Memo(), policy);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['cert-expiring']);
    expect(flag(view.controllers, 'ctrl3', 'cert-expiring')?.message).toMatch(/in 31d, within --cert-warn 40d/);
  });

  it('judged against the view time, not a clock: the same evidence at another `now` is not flagged', () => {
    const evidence = withCert('ctrl3', certValid(at(-DAY), at(5 * DAY)));
    const earlier = new Date(NOW.getTime() - 60 * DAY);
    expect(codes(reconcile(evidence, earlier).controllers, 'ctrl3')).toEqual([]);
  });
});

describe('certificates not valid yet', () => {
  it('a notBefore in the future: a note (our clock may be behind), no flag, the verdict unchanged', () => {
    const view = reconcile(withCert('ctrl2', certValid(at(DAY), at(365 * DAY))), NOW);
    expect(codes(view.controllers, 'ctrl2')).toEqual([]);
    expect(view.cluster.verdict).toBe('healthy');
    expect(view.cluster.notes).toEqual([
      `ctrl2's certificate is not valid before ${at(DAY)} (in 24h): its peers refuse it until then, unless our ` +
        'clock is the one behind',
    ]);
  });
});

describe('an unreadable certPem is bad evidence from that replica, not an expiry', () => {
  it("in one follower's replica: bad-response on that holder, the consensus replica's date stands", () => {
    let e = withCert('ctrl2', certValid(at(-DAY), at(5 * DAY)));
    e = withCert('ctrl2', 'not a certificate', ['ctrl3'], e);
    const view = reconcile(e, NOW);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['bad-response']);
    expect(flag(view.controllers, 'ctrl3', 'bad-response')?.message).toMatch(
      /^its replica's certPem is unreadable \(ctrl2: not an X\.509 certificate \(.+\)\): no expiry is taken from it$/,
    );
    expect(codes(view.controllers, 'ctrl2')).toEqual(['cert-expiring']);
    expect(byId(view.controllers, 'ctrl2').certExpiresAt).toBe(at(5 * DAY));
  });

  it("in the consensus replica: another replica's readable certificate speaks, and says whose it is", () => {
    let e = withCert('ctrl2', certValid(at(-DAY), at(-1000)));
    e = withCert('ctrl2', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', ['ctrl1'], e);
    const view = reconcile(e, NOW);
    expect(codes(view.controllers, 'ctrl1')).toEqual(['bad-response']);
    expect(flag(view.controllers, 'ctrl2', 'cert-expired')?.message).toMatch(/\(certPem in ctrl2's replica\)/);
  });

  it('unreadable everywhere: the expiry is unknown (null), no certificate flag, each holder bad-response', () => {
    const view = reconcile(withCert('ctrl2', 'garbage'), NOW);
    expect(byId(view.controllers, 'ctrl2').certExpiresAt).toBeNull();
    for (const id of IDS) expect(codes(view.controllers, id)).toEqual(['bad-response']);
    expect(view.controllers.flatMap((r) => r.flags.filter((f) => f.code.startsWith('cert-')))).toEqual([]);
    expect(view.cluster.earliestCertExpiry?.id).not.toBe('ctrl2');
  });

  it("merged into the holder's other bad-response: one flag per code, both messages", () => {
    let e = withCert('ctrl2', 'garbage', ['ctrl3']);
    e = withSignals(e, 'ctrl3', { health: { ok: false, failure: { kind: 'invalid-json', message: 'bad JSON' } } });
    const view = reconcile(e, NOW);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['bad-response']);
    expect(flag(view.controllers, 'ctrl3', 'bad-response')?.message).toMatch(/^bad JSON; its replica's certPem/);
  });

  it('without any replica there is no certificate evidence: every expiry null, no flag', () => {
    let e = healthyEvidence();
    for (const id of IDS)
      e = withSignals(e, id, { replica: { ok: false, failure: { kind: 'timeout', message: 't' } } });
    const view = reconcile(e, NOW);
    expect(view.controllers.length).toBeGreaterThan(0);
    expect(view.controllers.every((r) => r.certExpiresAt === null)).toBe(true);
    expect(view.cluster.earliestCertExpiry).toBeNull();
  });
});

describe('real v2.0.3 certificates', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../../fixtures/real-v2.0.3/controllers.json', import.meta.url), 'utf8'),
  ) as { body: { data: ControllerDetail[] } };
  const rows = fixture.body.data;

  it('reads the dates of the certificates a real cluster published (valid about a year)', () => {
    const ctrl1 = readCertificate(rows.find((r) => r.id === 'ctrl1')!.certPem);
    expect(ctrl1).toEqual({
      notBefore: Date.parse('2026-12-01T22:30:22Z'),
      notAfter: Date.parse('2027-12-01T22:31:20Z'),
    });
  });

  it('a real replica: every row gets its certificate expiry, no flag with the default --cert-warn', () => {
    const ids = rows.map((r) => r.id);
    const copied = rows.map((r) => ({ ...r, apiAddresses: row(r.id).apiAddresses }));
    let e = healthyEvidence(ids);
    for (const id of ids) e = withSignals(e, id, { replica: ok(copied) });
    const view = reconcile(e, new Date('2026-12-02T00:00:00Z'));
    expect(view.controllers.map((r) => [r.id, r.certExpiresAt, r.flags])).toEqual([
      ['ctrl1', '2027-12-01T22:31:20.000Z', []],
      ['ctrl2', '2027-12-01T22:31:27.000Z', []],
      ['ctrl3', '2027-12-01T22:31:32.000Z', []],
    ]);
    expect(view.cluster.earliestCertExpiry).toEqual({ id: 'ctrl1', at: '2027-12-01T22:31:20.000Z' });
  });
});
