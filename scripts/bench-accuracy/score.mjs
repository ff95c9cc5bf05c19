// Truth, what each reporter said, and the figures comparing them (pure functions, no IO).

/**
 * Ground truth of one controller: online iff it runs ('up') and the leader reaches it (or it is the
 * leader, or there is no leader at all). Non-members are left out.
 */
export function truthOf(groundTruth) {
  const truth = {};
  for (const n of groundTruth.nodes) {
    if (!n.member) continue;
    const seen = groundTruth.leader === null || groundTruth.leader === n.id || n.reachableByLeader;
    truth[n.id] = n.state === 'up' && seen ? 'online' : 'offline';
  }
  return truth;
}

/**
 * The tool's row as up/down/unknown: `offline`, or `online` with the `slow` flag (a hang showing before the
 * deadline), is down.
 */
export function toolReport(view) {
  const out = {};
  for (const row of view.controllers) {
    if (row.status === 'unknown') out[row.id] = 'unknown';
    else if (row.status === 'offline' || row.flags.some((f) => f.code === 'slow')) out[row.id] = 'down';
    else out[row.id] = 'up';
  }
  return out;
}

/**
 * What `ziti fabric list controllers` against `fromId` would print: the isOnline column of that one
 * controller's replica, when the tool read that replica during this tick; otherwise the command would
 * have failed or timed out, and every row is unknown.
 */
export function replicaReport(view, fromId, tickStartedWallMs) {
  const out = {};
  const source = view.controllers.find((r) => r.id === fromId);
  const answeredAt = source?.lastAnsweredAt ? Date.parse(source.lastAnsweredAt) : Number.NEGATIVE_INFINITY;
  const fresh = answeredAt >= tickStartedWallMs - 2; // lastAnsweredAt is rounded to the millisecond
  for (const row of view.controllers) {
    const opinion = fresh ? row.views.replicas.find((r) => r.from === fromId) : undefined;
    out[row.id] = opinion === undefined ? 'unknown' : opinion.isOnline ? 'up' : 'down';
  }
  return out;
}

const matches = (truth, reported) => (truth === 'online' ? reported === 'up' : reported === 'down');

function emptyCell() {
  return {
    controllerTicks: 0, // every controller-tick of the phase
    graceExcluded: 0, // within interval + deadline after a change of that controller's truth
    evaluated: 0,
    correct: 0,
    truthOnline: 0,
    truthOffline: 0,
    falseOffline: 0, // truth online, reported down
    falseOnline: 0, // truth offline, reported up
    unknown: 0, // reported unknown (counted as not correct, neither false-offline nor false-online)
    onsetMs: [], // detection latency: truth went offline -> first tick that reports it (and keeps it)
    recoveryMs: [], // truth went online again -> first tick that reports it (and keeps it)
    missedOnset: 0, // never reported before the truth changed again (or the run ended)
    missedRecovery: 0,
  };
}

/**
 * Scores one reporter's ticks against the truth. `phases`: [{phase, start}] ascending (before the first
 * start is warm-up, not scored); `transitions`: [{id, at, to}] ascending; ticks: [{at, truth, rep}].
 */
export function scoreReporter({ ticks, transitions, phases, graceMs }) {
  const cells = {};
  const cell = (phase) => (cells[phase] ??= emptyCell());
  const phaseAt = (t) => {
    let found = null;
    for (const p of phases) if (p.start <= t) found = p.phase;
    return found;
  };
  const byId = new Map();
  for (const tr of transitions) {
    if (!byId.has(tr.id)) byId.set(tr.id, []);
    byId.get(tr.id).push(tr);
  }
  const inGrace = (id, t) => (byId.get(id) ?? []).some((tr) => tr.at <= t && t < tr.at + graceMs);

  for (const tick of ticks) {
    const phase = phaseAt(tick.at);
    if (phase === null) continue;
    const c = cell(phase);
    for (const [id, truth] of Object.entries(tick.truth)) {
      c.controllerTicks++;
      if (inGrace(id, tick.at)) {
        c.graceExcluded++;
        continue;
      }
      const reported = tick.rep[id] ?? 'unknown';
      c.evaluated++;
      if (truth === 'online') c.truthOnline++;
      else c.truthOffline++;
      if (matches(truth, reported)) c.correct++;
      else if (reported === 'unknown') c.unknown++;
      else if (truth === 'online') c.falseOffline++;
      else c.falseOnline++;
    }
  }

  const detections = [];
  // Detection: from the change to the first tick after which every tick (until the next change of
  // that controller's truth, or the end) reports the new truth.
  for (const [id, list] of byId) {
    list.forEach((tr, i) => {
      const phase = phaseAt(tr.at);
      if (phase === null) return;
      const until = list[i + 1]?.at ?? Number.POSITIVE_INFINITY;
      const seg = ticks.filter((t) => t.at >= tr.at && t.at < until && tr.id in t.truth);
      let first = seg.length;
      while (first > 0 && matches(tr.to, seg[first - 1].rep[id] ?? 'unknown')) first--;
      const c = cell(phase);
      const onset = tr.to === 'offline';
      const latencyMs = first === seg.length ? null : Math.round(seg[first].at - tr.at);
      detections.push({ phase, id, at: tr.at, to: tr.to, latencyMs });
      if (latencyMs === null) {
        if (onset) c.missedOnset++;
        else c.missedRecovery++;
        return;
      }
      (onset ? c.onsetMs : c.recoveryMs).push(latencyMs);
    });
  }
  detections.sort((a, b) => a.at - b.at);
  return { cells, detections };
}

/** Adds cell `b` into `a` (counts summed, samples concatenated). */
export function mergeCell(a, b) {
  const out = a ?? emptyCell();
  for (const [k, v] of Object.entries(b)) {
    if (Array.isArray(v)) out[k] = [...(out[k] ?? []), ...v];
    else out[k] = (out[k] ?? 0) + v;
  }
  return out;
}

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(samples, q) {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

/** p99 needs at least 100 samples to be more than the maximum; with fewer, p90 (10+), else the maximum. */
export function tail(samples) {
  const n = samples.length;
  if (n === 0) return { label: 'p99', ms: null, n };
  if (n >= 100) return { label: 'p99', ms: percentile(samples, 0.99), n };
  if (n >= 10) return { label: 'p90', ms: percentile(samples, 0.9), n };
  return { label: 'max', ms: percentile(samples, 1), n };
}

/** The figures of a cell, as written to JSON and the tables. */
export function summarize(c) {
  const rate = (num, den) => (den === 0 ? null : num / den);
  return {
    accuracy: rate(c.correct, c.evaluated),
    falseOfflineRate: rate(c.falseOffline, c.truthOnline),
    falseOnlineRate: rate(c.falseOnline, c.truthOffline),
    unknownShare: rate(c.unknown, c.evaluated),
    counts: {
      controllerTicks: c.controllerTicks,
      graceExcluded: c.graceExcluded,
      evaluated: c.evaluated,
      correct: c.correct,
      truthOnline: c.truthOnline,
      truthOffline: c.truthOffline,
      falseOffline: c.falseOffline,
      falseOnline: c.falseOnline,
      unknown: c.unknown,
    },
    detection: {
      n: c.onsetMs.length,
      missed: c.missedOnset,
      p50Ms: percentile(c.onsetMs, 0.5),
      p90Ms: percentile(c.onsetMs, 0.9),
      p99Ms: percentile(c.onsetMs, 0.99),
      maxMs: percentile(c.onsetMs, 1),
      tail: tail(c.onsetMs),
    },
    recovery: {
      n: c.recoveryMs.length,
      missed: c.missedRecovery,
      p50Ms: percentile(c.recoveryMs, 0.5),
      p90Ms: percentile(c.recoveryMs, 0.9),
      p99Ms: percentile(c.recoveryMs, 0.99),
      maxMs: percentile(c.recoveryMs, 1),
      tail: tail(c.recoveryMs),
    },
  };
}
