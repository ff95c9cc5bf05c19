// The seeded fault timeline of one cluster size: a reproducible list of fault kinds, durations and gaps.
// Targets are drawn from the same PRNG stream when each fault starts (who leads then is part of the state).

export const FAULT_KINDS = ['follower-killed', 'follower-hung', 'leader-killed', 'partition', 'replica-lag'];
/** Every phase a controller-tick can belong to, in table order. */
export const PHASES = ['jitter', ...FAULT_KINDS];

export const MODES = {
  // copies: independent clusters per size (own timeline), all run in parallel; the machine is mostly idle
  // (the simulated latency is timers), so copies buy samples without costing wall time.
  // Two minutes for CI: each kind once, kills and hangs (the detection targets) twice.
  quick: {
    copies: 1,
    warmupMs: 7_000,
    jitterMs: 10_000,
    rounds: 1,
    extra: ['follower-killed', 'follower-hung'],
    durationMs: [4_000, 6_000],
    gapMs: [3_500, 4_500],
  },
  full: {
    copies: 3,
    warmupMs: 7_000,
    jitterMs: 40_000,
    rounds: 12,
    extra: [],
    durationMs: [4_000, 8_000],
    gapMs: [3_000, 5_000],
  },
};

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One PRNG per cluster (size and copy), derived from the run's seed, so clusters do not depend on each
 * other's draws.
 */
export function rngFor(seed, size, copy = 0) {
  return mulberry32(
    (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(size, 0x85ebca6b) ^ Math.imul(copy, 0xc2b2ae35)) >>> 0,
  );
}

export const uniform = (rng, [lo, hi]) => Math.round(lo + rng() * (hi - lo));

function shuffle(rng, items) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The fault kinds in order (rounds of a shuffled set of every kind, then the extras), each with its duration
 * and the quiet gap after its heal.
 */
export function makePlan(rng, mode) {
  const cfg = MODES[mode];
  const kinds = [];
  for (let r = 0; r < cfg.rounds; r++) kinds.push(...shuffle(rng, FAULT_KINDS));
  kinds.push(...shuffle(rng, cfg.extra));
  return kinds.map((kind) => ({ kind, durationMs: uniform(rng, cfg.durationMs), gapMs: uniform(rng, cfg.gapMs) }));
}

/** Draws `count` distinct items (order of the input kept stable for reproducibility). */
export function pick(rng, items, count) {
  return shuffle(rng, items).slice(0, Math.max(0, Math.min(count, items.length)));
}

export const byNumericId = (a, b) => a.localeCompare(b, 'en', { numeric: true });
