// The `identity` flag from the certificates an address presented (src/reconcile/peer-identity.ts,
// docs/design.md section 3 rule 6): who really answered behind a load balancer or round-robin DNS.
import { describe, expect, it } from '@jest/globals';
import type { Evidence, PeerCertificate } from '../../../../src/evidence.js';
import { reconcile } from '../../../../src/reconcile.js';
import { controllerIdOf, judgePeers } from '../../../../src/reconcile/peer-identity.js';
import { byId, codes, flag, IDS as ids, NOW, row, signals, target } from '../../../helpers/evidence.js';

const fp = (id: string) => `${id.replace(/\D/g, '')}`.padStart(40, 'f');
const spiffe = (id: string) => `spiffe://zs-test/controller/${id}`;
const cert = (id: string): PeerCertificate => ({ fingerprint: fp(id), spiffeId: spiffe(id) });
const rows = ids.map((id) => row(id, true, { fingerprint: fp(id) }));

/** A healthy cluster over TLS whose address of each controller presented `peersAt(id)`. */
function cluster(peersAt: (id: string) => PeerCertificate[] | undefined): Evidence {
  return {
    targets: ids.map((id) => {
      const s = signals(id, ids, 'ctrl1', rows);
      const peers = peersAt(id);
      return target(id, peers === undefined ? s : { ...s, peers });
    }),
    unpolled: [],
  };
}

describe('identity from the peer certificate', () => {
  it('each address presents its own controller certificate: no flag, the SPIFFE id on the row', () => {
    const view = reconcile(
      cluster((id) => [cert(id)]),
      NOW,
    );
    expect(view.cluster.verdict).toBe('healthy');
    for (const id of ids) {
      expect(codes(view.controllers, id)).toEqual([]);
      expect(byId(view.controllers, id)).toMatchObject({ spiffeId: spiffe(id), status: 'online' });
    }
  });

  it('plain http (no certificate): spiffeId null, no flag', () => {
    const view = reconcile(
      cluster(() => undefined),
      NOW,
    );
    expect(view.cluster.verdict).toBe('healthy');
    expect(view.controllers.map((r) => r.spiffeId)).toEqual([null, null, null]);
  });

  it("ctrl2's address answers with ctrl3's certificate: identity naming both, its answers not ctrl2's", () => {
    const view = reconcile(
      cluster((id) => [cert(id === 'ctrl2' ? 'ctrl3' : id)]),
      NOW,
    );
    expect(flag(view.controllers, 'ctrl2', 'identity')!.message).toBe(
      `its address https://ctrl2.example:1280: it answered with ctrl3's certificate (${spiffe('ctrl3')}, ` +
        `fingerprint ${fp('ctrl3')}), not as ctrl2 (ctrl2's fingerprint in the replicas is ${fp('ctrl2')}): ` +
        'its answers ignored',
    );
    // We never heard ctrl2 itself: neither online nor offline.
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({ status: 'unknown', reachable: false });
    expect(byId(view.controllers, 'ctrl2').spiffeId).toBe(spiffe('ctrl3'));
    expect(codes(view.controllers, 'ctrl3')).toEqual([]);
    expect(view.cluster.verdict).toBe('degraded');
  });

  it("a SPIFFE id that agrees but ctrl3's row fingerprint: identity", () => {
    const view = reconcile(
      cluster((id) => [id === 'ctrl2' ? { fingerprint: fp('ctrl3'), spiffeId: spiffe('ctrl2') } : cert(id)]),
      NOW,
    );
    expect(flag(view.controllers, 'ctrl2', 'identity')!.message).toMatch(/ctrl2 and ctrl3's certificate/);
  });

  it('two connections to one address, two controllers behind it (a load balancer): identity', () => {
    const view = reconcile(
      cluster((id) => (id === 'ctrl2' ? [cert('ctrl2'), cert('ctrl3')] : [cert(id)])),
      NOW,
    );
    expect(flag(view.controllers, 'ctrl2', 'identity')!.message).toMatch(
      /its connections presented 2 different certificates: ctrl2's certificate .*; ctrl3's certificate .*a load balancer/,
    );
  });

  it('two certificates that name no controller (a public certificate renewed): no evidence, no flag', () => {
    // Flagging this made every controller an impostor at once when such certificates were renewed
    // cluster-wide: no views left, no leader, a false critical from evidence that names nobody.
    const anon = (n: string): PeerCertificate => ({ fingerprint: n.repeat(40), spiffeId: null });
    const finding = judgePeers([anon('a'), anon('b')], 'ctrl2', fp('ctrl2'), new Map());
    expect(finding.problem).toBeNull();
  });

  it('a certificate naming nobody beside one naming another controller: identity, naming both', () => {
    const anon: PeerCertificate = { fingerprint: 'a'.repeat(40), spiffeId: null };
    const other: PeerCertificate = { fingerprint: fp('ctrl3'), spiffeId: 'spiffe://zs-test/controller/ctrl3' };
    const finding = judgePeers([anon, other], 'ctrl2', fp('ctrl2'), new Map());
    expect(finding.problem).toMatch(
      /2 different certificates: a certificate of no known controller .*; ctrl3's certificate .*a load balancer/,
    );
  });

  it('a renewed certificate of the same controller on a later connection: no flag', () => {
    const renewed = { fingerprint: 'e'.repeat(40), spiffeId: spiffe('ctrl2') };
    const finding = judgePeers([cert('ctrl2'), renewed], 'ctrl2', fp('ctrl2'), new Map());
    expect(finding).toEqual({ spiffeId: spiffe('ctrl2'), problem: null });
  });

  it('one certificate naming no controller (a web listener with its own, public certificate): no flag', () => {
    const view = reconcile(
      cluster(() => [{ fingerprint: 'c'.repeat(40), spiffeId: null }]),
      NOW,
    );
    expect(view.cluster.verdict).toBe('healthy');
    expect(view.controllers.map((r) => r.spiffeId)).toEqual([null, null, null]);
  });

  it('one certificate every row shares names nobody by its fingerprint: no flag', () => {
    const shared = new Map([[fp('ctrl1'), new Set(ids)]]);
    expect(judgePeers([{ fingerprint: fp('ctrl1'), spiffeId: null }], 'ctrl2', fp('ctrl1'), shared).problem).toBe(null);
  });

  it('a SPIFFE id names a controller only in the /controller/<id> form, percent-decoded', () => {
    expect(controllerIdOf('spiffe://zs-test/controller/ctrl%201')).toBe('ctrl 1');
    expect(controllerIdOf('spiffe://zs-test/router/r1')).toBe(null);
    expect(controllerIdOf('spiffe://zs-test/controller/a/b')).toBe(null);
    expect(controllerIdOf('spiffe://zs-test/controller/%zz')).toBe(null);
  });
});
