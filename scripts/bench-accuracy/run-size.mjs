// One cluster (a size, and a copy number), in its own worker thread: a simulated cluster with jitter on every request,
// two watch engines (adaptive and fixed deadlines) ticking against it, and the seeded fault timeline.
// Posts {type: 'result', ...} with the scored cells, or {type: 'error'}; {type: 'stop'} aborts it.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { byNumericId, makePlan, pick, rngFor } from './plan.mjs';
import { replicaReport, scoreReporter, toolReport, truthOf } from './score.mjs';

const { size, copy, mode, seed, distDir, settings, traceDir } = workerData;
const dist = (p) => new URL(p, distDir);
const { startCluster } = await import(dist('sim/index.js'));
const { WatchEngine } = await import(dist('watch/engine.js'));
const { createHttpClient } = await import(dist('client/http-client.js'));
const { startDeadline } = await import(dist('client/deadline.js'));
const { Authenticator } = await import(dist('client/auth/authenticator.js'));
const { LatencyHistory, slowThresholdMs } = await import(dist('watch/latency-history.js'));

const stop = new AbortController();
parentPort.on('message', (m) => m?.type === 'stop' && stop.abort());
// Listening for 'stop' must not keep the worker alive once its run is over.
parentPort.unref();

class Aborted extends Error {}

/** Resolves after `ms`, or rejects with Aborted as soon as the run is stopped. */
function sleep(ms, signal = stop.signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Aborted());
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function run() {
  const rng = rngFor(seed, size, copy);
  const plan = makePlan(rng, mode);
  const cfg = settings.modes[mode];
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const started = performance.now();
  const cluster = await startCluster({
    name: `bench-accuracy-${size}-${copy}`,
    nodes: size,
    electionTimeoutMs: settings.electionTimeoutMs,
  });
  const reporters = [];
  const loops = [];
  const ticking = new AbortController();
  try {
    for (const n of cluster.nodes) cluster.setLatency(n.id, settings.latencyMs, settings.jitterMs);
    const origins = cluster.nodes.map((n) => n.url);
    const firstId = cluster.nodes[0].id;

    // Every change of any controller's truth, timestamped as it happens (timers fire elections too).
    const transitions = [];
    let truth = truthOf(cluster.groundTruth());
    cluster.on('change', () => {
      const at = performance.now();
      const next = truthOf(cluster.groundTruth());
      for (const [id, value] of Object.entries(next)) if (truth[id] !== value) transitions.push({ id, at, to: value });
      truth = next;
    });

    for (const [name, dynamicTimeout] of [
      ['adaptive', true],
      ['fixed', false],
    ]) {
      // As src/run/session.ts opens it for watch: a run deadline that never fires, no credentials, a fresh history.
      const deadline = startDeadline(2 ** 31 - 1);
      const client = createHttpClient({ deadline });
      const now = () => new Date();
      const auth = new Authenticator({ kind: 'none' }, now);
      const history = LatencyHistory.from();
      const engine = new WatchEngine(
        {
          origins,
          discover: true,
          intervalMs: settings.intervalMs,
          baseTimeoutMs: settings.baseTimeoutMs,
          dynamicTimeout,
          staleAfterMs: settings.staleAfterMs,
        },
        client,
        auth,
        history,
        now,
      );
      const r = { name, engine, client, deadline, history, ticks: [], replicaTicks: [], tickMs: [], trace: [] };
      reporters.push(r);
      loops.push(tickLoop(r, cluster, firstId, ticking.signal));
    }

    const phases = [];
    const events = [];
    await sleep(cfg.warmupMs);
    phases.push({ phase: 'jitter', start: performance.now() });
    await sleep(cfg.jitterMs);
    for (const step of plan) {
      const ev = await runFault(cluster, rng, step, (ids) => latencyDiag(cluster, reporters, ids));
      if (ev === null) continue;
      phases.push({ phase: step.kind, start: ev.startAt });
      events.push(ev);
      await sleep(step.gapMs);
    }
    const endAt = performance.now();
    ticking.abort();
    await Promise.all(loops);
    eld.disable();

    const graceMs = settings.intervalMs + settings.baseTimeoutMs;
    const score = (ticks) => scoreReporter({ ticks: ticks.filter((t) => t.at <= endAt), transitions, phases, graceMs });
    const scored = {};
    for (const r of reporters) scored[r.name] = score(r.ticks);
    // The single replica's view, as the adaptive engine read it (its ticks pace the comparison).
    scored['single-replica'] = score(reporters[0].replicaTicks);
    scored['single-replica-fixed'] = score(reporters[1].replicaTicks);
    const rel = (t) => Math.round(t - started);
    if (traceDir) {
      const trace = {
        started: Math.round(started),
        transitions: transitions.map((t) => ({ ...t, at: Math.round(t.at) })),
        events,
        ticks: Object.fromEntries(reporters.map((r) => [r.name, r.trace])),
      };
      writeFileSync(`${traceDir}/trace-${size}-${copy + 1}.json`, JSON.stringify(trace, null, 1));
    }
    const cells = Object.fromEntries(Object.entries(scored).map(([k, v]) => [k, v.cells]));
    const detections = Object.fromEntries(
      Object.entries(scored).map(([k, v]) => [k, v.detections.map((d) => ({ ...d, at: rel(d.at) }))]),
    );
    return {
      size,
      copy,
      runtimeMs: Math.round(performance.now() - started),
      replicaFrom: firstId,
      cells,
      detections,
      events: events.map((e) => ({ ...e, startAt: rel(e.startAt), healAt: rel(e.healAt) })),
      transitions: transitions.length,
      ticks: Object.fromEntries(reporters.map((r) => [r.name, r.ticks.length])),
      tickDurationMs: Object.fromEntries(reporters.map((r) => [r.name, quantiles(r.tickMs)])),
      eventLoopDelayMs: { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 },
    };
  } finally {
    ticking.abort();
    await Promise.allSettled(loops);
    // The cluster first: destroying its sockets fails any request parked on a hung controller.
    await cluster.close();
    for (const r of reporters) {
      r.deadline.dispose();
      await r.client.close();
    }
  }
}

/** Each engine's latency history of the fault's targets as the fault starts: what its slow flag and deadline go by. */
function latencyDiag(cluster, reporters, ids) {
  const out = {};
  for (const r of reporters) {
    out[r.name] = {};
    for (const id of ids) {
      const stats = r.history.stats(cluster.url(id));
      out[r.name][id] = {
        samples: stats.samples,
        meanMs: stats.meanMs === null ? null : Math.round(stats.meanMs),
        p99Ms: stats.p99Ms,
        slowAfterMs: slowThresholdMs(stats),
      };
    }
  }
  return out;
}

function quantiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => (s.length === 0 ? null : Math.round(s[Math.max(0, Math.ceil(q * s.length) - 1)]));
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Watch mode's loop (src/run/loop.ts): a tick, then sleep until a whole interval has passed since it began. */
async function tickLoop(r, cluster, firstId, signal) {
  while (!signal.aborted) {
    const tickStarted = performance.now();
    const tickStartedWall = Date.now();
    const view = await r.engine.tick();
    // Judged at the moment the view exists: the truth right now.
    const at = performance.now();
    const truth = truthOf(cluster.groundTruth());
    r.tickMs.push(at - tickStarted);
    r.ticks.push({ at, truth, rep: toolReport(view) });
    if (traceDir)
      r.trace.push({
        at: Math.round(at),
        leader: view.cluster.leader,
        rows: view.controllers
          .map((c) => `${c.id}:${c.status}${c.flags.length ? `[${c.flags.map((f) => f.code).join(',')}]` : ''}`)
          .join(' '),
      });
    r.replicaTicks.push({ at, truth, rep: replicaReport(view, firstId, tickStartedWall) });
    try {
      await sleep(tickStarted + settings.intervalMs - performance.now(), signal);
    } catch (err) {
      if (!(err instanceof Aborted)) throw err;
    }
  }
}

/**
 * Applies one fault, waits its duration, heals it; returns what was done with performance.now() times,
 * or null when it could not start.
 */
async function runFault(cluster, rng, { kind, durationMs }, diag) {
  let gt = cluster.groundTruth();
  for (let waited = 0; gt.leader === null && waited < 5_000; waited += 100) {
    await sleep(100);
    gt = cluster.groundTruth();
  }
  if (gt.leader === null) return null;
  const leader = gt.leader;
  const followers = gt.nodes
    .filter((n) => n.member && n.state === 'up' && n.id !== leader)
    .map((n) => n.id)
    .sort(byNumericId);
  // Up to the failures the cluster tolerates, so a quorum stays.
  const tolerated = Math.max(1, Math.floor((size - 1) / 2));
  const some = () => pick(rng, followers, 1 + Math.floor(rng() * tolerated)).sort(byNumericId);
  const ev = { kind, targets: [], startAt: performance.now(), healAt: 0, durationMs };
  switch (kind) {
    case 'follower-killed': {
      ev.targets = some();
      ev.startAt = performance.now();
      for (const id of ev.targets) await cluster.kill(id);
      await sleep(durationMs);
      ev.healAt = performance.now();
      for (const id of ev.targets) await cluster.restart(id);
      break;
    }
    case 'follower-hung': {
      ev.targets = some();
      ev.latency = diag(ev.targets);
      ev.startAt = performance.now();
      for (const id of ev.targets) cluster.hang(id);
      await sleep(durationMs);
      ev.healAt = performance.now();
      for (const id of ev.targets) cluster.resume(id);
      break;
    }
    case 'leader-killed': {
      ev.targets = [leader];
      ev.startAt = performance.now();
      await cluster.kill(leader); // re-elected after electionTimeoutMs by the simulator's own timer
      await sleep(durationMs);
      ev.healAt = performance.now();
      ev.newLeader = cluster.leaderId();
      await cluster.restart(leader);
      break;
    }
    case 'partition': {
      ev.targets = some();
      ev.startAt = performance.now();
      for (const id of ev.targets) cluster.partition(id);
      await sleep(durationMs);
      ev.healAt = performance.now();
      for (const id of ev.targets) cluster.heal(id);
      break;
    }
    case 'replica-lag': {
      // A follower stops applying replication while another follower goes down for the fault's
      // duration and comes back: the lagging replica misses both writes.
      const [lagging, changed] = pick(rng, followers, 2);
      ev.targets = [lagging];
      ev.startAt = performance.now();
      cluster.lag(lagging);
      if (changed !== undefined) {
        ev.changed = changed;
        await sleep(500);
        await cluster.kill(changed);
        await sleep(durationMs);
        await cluster.restart(changed);
        await sleep(1_000);
      } else {
        await sleep(durationMs);
      }
      ev.healAt = performance.now();
      cluster.catchUp(lagging);
      break;
    }
    default:
      throw new Error(`unknown fault kind ${kind}`);
  }
  return ev;
}

try {
  const result = await run();
  parentPort.postMessage({ type: 'result', result });
} catch (err) {
  if (err instanceof Aborted) parentPort.postMessage({ type: 'aborted' });
  else parentPort.postMessage({ type: 'error', message: err?.stack ?? String(err) });
}
