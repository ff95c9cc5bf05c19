// Properties of the pure reconcile step over generated evidence (docs/design.md section 3): complete,
// deterministic, total.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addressesOf, originKey } from '../../src/addresses.js';
import { compareIds } from '../../src/compare.js';
import { Memo } from '../../src/memo.js';
import {
  isNetworkFailure,
  SIGNAL_NAMES,
  type Evidence,
  type Outcome,
  type SignalName,
  type TargetEvidence,
} from '../../src/evidence.js';
import type { Verdict } from '../../src/model.js';
import { reconcile } from '../../src/reconcile.js';
import { evidence, failure, nearlyHealthy, NOW, SEED_ORIGIN, type Shape } from './arbitraries.js';

const RUNS = { numRuns: 400 };

/**
 * docs/design.md section 3 rule 1, stated independently of the code: the union of controllers named by any live
 * view, replica, target or unpolled entry. A given address that answered but that no replica
 * publishes (while replicas do publish addresses) is a seed for discovery, not a controller itself.
 */
function namedBy(e: Evidence): Set<string> {
  const memo = new Memo();
  const published = new Map<string, string[]>();
  for (const t of e.targets) {
    for (const r of t.signals.replica.ok ? t.signals.replica.value : []) {
      for (const o of addressesOf(memo, r))
        published.set(originKey(memo, o), [...(published.get(originKey(memo, o)) ?? []), r.id].sort());
    }
  }
  const answered = (t: TargetEvidence) =>
    Object.values(t.signals).some((o: Outcome<unknown>) => o.ok || !isNetworkFailure(o.failure.kind));
  const names = new Set<string>();
  for (const t of e.targets) {
    const publishedAs = published.get(originKey(memo, t.origin));
    const seed = t.expectedId === undefined && publishedAs === undefined && answered(t) && published.size > 0;
    if (!seed) names.add(t.expectedId ?? publishedAs?.[0] ?? t.origin);
    for (const r of t.signals.replica.ok ? t.signals.replica.value : []) names.add(r.id);
    for (const m of t.signals.members.ok ? t.signals.members.value : []) names.add(m.id);
  }
  for (const u of e.unpolled) {
    const name = u.id ?? u.origin;
    if (name !== null) names.add(name);
  }
  return names;
}

// Random evidence is almost never healthy; half the cases start from a healthy cluster instead.
const anyEvidence = (shape: Shape) => fc.oneof(evidence(shape), nearlyHealthy);

const SEVERITY: Record<Verdict, number> = { healthy: 0, degraded: 1, critical: 2, unknown: 2 };

describe('reconcile', () => {
  it('names every controller any evidence of the cluster names, each exactly once', () => {
    fc.assert(
      fc.property(anyEvidence({ oneCluster: true, aliases: true }), (e) => {
        const ids = reconcile(e, NOW).controllers.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(namedBy(e));
      }),
      RUNS,
    );
  });

  it('gives the same output for the same evidence, order included (a deep copy, the targets in any order)', () => {
    const withShuffled = anyEvidence({ oneCluster: false, aliases: true }).chain((e) =>
      fc
        .shuffledSubarray(e.targets, { minLength: e.targets.length, maxLength: e.targets.length })
        .map((shuffled) => ({ e, shuffled })),
    );
    fc.assert(
      fc.property(withShuffled, ({ e, shuffled }) => {
        const first = reconcile(e, NOW);
        expect(reconcile(e, NOW)).toEqual(first);
        expect(JSON.stringify(reconcile(structuredClone(e), NOW))).toBe(JSON.stringify(first));
        expect(JSON.stringify(reconcile({ ...e, targets: shuffled }, NOW))).toBe(JSON.stringify(first));
        const ids = first.controllers.map((r) => r.id);
        expect(ids).toEqual([...ids].sort(compareIds));
      }),
      RUNS,
    );
  });

  it(
    'gives the same output whatever the memo has seen before: ' +
      "a watch session's memo, carried over other evidence, changes no answer",
    () => {
      const two = fc.tuple(
        anyEvidence({ oneCluster: false, aliases: true }),
        anyEvidence({ oneCluster: false, aliases: true }),
      );
      fc.assert(
        fc.property(two, ([before, e]) => {
          const session = new Memo();
          reconcile(before, NOW, session);
          expect(JSON.stringify(reconcile(e, NOW, session))).toBe(JSON.stringify(reconcile(e, NOW, new Memo())));
        }),
        RUNS,
      );
    },
  );

  // One more failure: an ok signal of a controller (not of a seed address) replaced by a failure.
  const withFailure = (signals: readonly SignalName[]) =>
    fc
      .tuple(anyEvidence({ oneCluster: true, aliases: false }), fc.nat(), fc.constantFrom(...signals), failure)
      .map(([e, pick, signal, failed]) => {
        const candidates = e.targets.flatMap((t, i) => (t.origin !== SEED_ORIGIN && t.signals[signal].ok ? [i] : []));
        const index = candidates.length === 0 ? -1 : candidates[pick % candidates.length]!;
        const worse: Evidence = {
          ...e,
          targets: e.targets.map((t, i) => (i === index ? { ...t, signals: { ...t.signals, [signal]: failed } } : t)),
        };
        return { e, worse, failed, changed: index >= 0 };
      })
      .filter(({ changed }) => changed);
  const isAuth = (o: Outcome<never>) => !o.ok && (o.failure.status === 401 || o.failure.status === 403);

  it(
    'never lets one more failure pass for healthy ' + '(401/403 aside: a missing signal may leave it healthy, rule 7)',
    () => {
      fc.assert(
        fc.property(withFailure(SIGNAL_NAMES), ({ worse, failed }) => {
          if (!isAuth(failed)) expect(reconcile(worse, NOW).cluster.verdict).not.toBe('healthy');
        }),
        RUNS,
      );
    },
  );

  // Not for every signal: a failed replica or live view removes evidence as well as adding a
  // problem (fewer controllers named, no quorum check when only a permission hides the live views),
  // so the verdict can move either way; a 401/403 hides a signal, which rule 7 lets pass. What must
  // hold is that a failure of a signal no membership, leadership or quorum rule reads only adds.
  it(
    'never improves the verdict when a signal no leadership or quorum rule reads fails ' +
      '(version, health; not 401/403)',
    () => {
      fc.assert(
        fc.property(withFailure(['version', 'health']), ({ e, worse, failed }) => {
          fc.pre(!isAuth(failed));
          expect(SEVERITY[reconcile(worse, NOW).cluster.verdict]).toBeGreaterThanOrEqual(
            SEVERITY[reconcile(e, NOW).cluster.verdict],
          );
        }),
        { numRuns: 1000 },
      );
    },
  );

  it('never throws on schema-valid evidence, several clusters mixed included', () => {
    fc.assert(
      fc.property(anyEvidence({ oneCluster: false, aliases: true }), (e) => {
        const view = reconcile(e, NOW);
        expect(['healthy', 'degraded', 'critical', 'unknown']).toContain(view.cluster.verdict);
      }),
      RUNS,
    );
  });
});
