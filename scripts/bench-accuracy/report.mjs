// Aggregation across sizes, target checks, and the Markdown that goes to stdout and BENCHMARKS.md.
import { PHASES } from './plan.mjs';
import { mergeCell, summarize } from './score.mjs';

export const REPORTERS = [
  { key: 'adaptive', title: 'ziti-status, adaptive deadlines' },
  { key: 'fixed', title: 'ziti-status, fixed deadlines' },
  { key: 'single-replica', title: 'one replica (`ziti fabric list controllers`)' },
];
const SHORT = { adaptive: 'adaptive', fixed: 'fixed', 'single-replica': 'one replica' };

/**
 * results: one per cluster (copies of a size are merged). Returns
 * {bySize: {size: {reporter: {phase|'all': summary}}}, allSizes: {reporter: {phase|'all': summary}}}.
 */
export function aggregate(results) {
  const raw = {}; // size -> reporter -> phase -> cell
  const merged = {}; // reporter -> phase -> cell
  for (const res of results) {
    raw[res.size] ??= {};
    for (const [reporter, cells] of Object.entries(res.cells)) {
      raw[res.size][reporter] ??= {};
      merged[reporter] ??= {};
      for (const phase of PHASES) {
        const cell = cells[phase];
        if (!cell) continue;
        for (const target of [raw[res.size][reporter], merged[reporter]]) {
          target[phase] = mergeCell(target[phase], cell);
          target.all = mergeCell(target.all, cell);
        }
      }
    }
  }
  const summarizeAll = (byPhase) =>
    Object.fromEntries(Object.entries(byPhase).map(([phase, cell]) => [phase, summarize(cell)]));
  const bySize = {};
  for (const [size, reporters] of Object.entries(raw)) {
    bySize[size] = Object.fromEntries(
      Object.entries(reporters).map(([reporter, byPhase]) => [reporter, summarizeAll(byPhase)]),
    );
  }
  const allSizes = Object.fromEntries(
    Object.entries(merged).map(([reporter, byPhase]) => [reporter, summarizeAll(byPhase)]),
  );
  return { bySize, allSizes };
}

/** The issue's targets, for each of the tool's two deadline modes. */
export function checkTargets(allSizes) {
  const out = [];
  for (const mode of ['adaptive', 'fixed']) {
    const s = allSizes[mode];
    if (!s) continue;
    const acc = s.all?.accuracy ?? null;
    out.push({
      mode,
      target: 'accuracy >= 99.9 % (all sizes, all phases)',
      value: acc === null ? 'n/a' : pct(acc, 3),
      met: acc !== null && acc >= 0.999,
    });
    const fo = s.jitter?.counts.falseOffline ?? null;
    const jn = s.jitter?.counts.truthOnline ?? 0;
    out.push({
      mode,
      target: 'no false offline under jitter alone',
      value: fo === null ? 'n/a' : `${fo} of ${jn}`,
      met: fo === 0,
    });
    for (const kind of ['follower-killed', 'leader-killed', 'follower-hung']) {
      const d = s[kind]?.detection;
      const t = d?.tail;
      const ok = t?.ms != null && t.ms < 2000 && d.missed === 0;
      out.push({
        mode,
        target: `detection ${t?.label ?? 'p99'} < 2 s, ${kind}`,
        value:
          t?.ms == null
            ? 'no samples'
            : `${secs(t.ms)} (${t.label}, n=${t.n}${d.missed ? `, ${d.missed} missed` : ''})`,
        met: ok,
        note: t && t.label !== 'p99' ? `too few samples for p99; ${t.label} shown` : undefined,
      });
    }
  }
  return out;
}

export const pct = (x, digits = 2) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(digits)} %`);
export const secs = (ms) => (ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);

function rateCell(rate, count) {
  if (rate === null) return '–';
  return count === 0 ? '0' : `${pct(rate)} (${count})`;
}

function detCell(d) {
  if (d.n === 0) return d.missed ? `missed ${d.missed}` : '–';
  const missed = d.missed ? `, ${d.missed} missed` : '';
  return `${secs(d.p50Ms)} / ${secs(d.tail.ms)} ${d.tail.label} (n=${d.n}${missed})`;
}

const phaseName = (p) => (p === 'all' ? '**all**' : p);

function accuracyTable(rowsOf) {
  const head = ['size', 'phase', 'evaluated'];
  for (const r of REPORTERS) head.push(`${SHORT[r.key]} acc`, `${SHORT[r.key]} false-off`, `${SHORT[r.key]} false-on`);
  head.push('one replica unknown');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const { size, phase, get } of rowsOf) {
    const base = get('adaptive');
    if (!base) continue;
    const cells = [size, phaseName(phase), String(base.counts.evaluated)];
    for (const r of REPORTERS) {
      const s = get(r.key);
      cells.push(
        pct(s?.accuracy),
        rateCell(s?.falseOfflineRate ?? null, s?.counts.falseOffline),
        rateCell(s?.falseOnlineRate ?? null, s?.counts.falseOnline),
      );
    }
    const rep = get('single-replica');
    cells.push(rep ? pct(rep.unknownShare) : '–');
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function detectionTable(rowsOf) {
  const head = ['size', 'phase'];
  for (const r of REPORTERS) head.push(`${SHORT[r.key]}: p50 / tail`);
  head.push('adaptive recovery p50 / tail');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const { size, phase, get } of rowsOf) {
    if (phase === 'jitter') continue;
    const base = get('adaptive');
    if (!base) continue;
    const cells = [size, phaseName(phase)];
    for (const r of REPORTERS) cells.push(get(r.key) ? detCell(get(r.key).detection) : '–');
    cells.push(detCell(base.recovery));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function rows(agg) {
  const out = [];
  for (const phase of [...PHASES, 'all']) out.push({ size: 'all', phase, get: (r) => agg.allSizes[r]?.[phase] });
  for (const size of Object.keys(agg.bySize)
    .map(Number)
    .sort((a, b) => a - b)) {
    for (const phase of [...PHASES, 'all'])
      out.push({ size: String(size), phase, get: (r) => agg.bySize[size][r]?.[phase] });
  }
  return out;
}

/** The Markdown block for one mode's run (stdout and BENCHMARKS.md). */
export function markdown(doc) {
  const { meta, aggregate: agg, targets } = doc;
  const r = rows(agg);
  const runs = Object.values(meta.clusters);
  const worst = (key) => Math.max(...runs.map((c) => c.eventLoopDelayMs[key]));
  const eld =
    `p99 ${worst('p99').toFixed(0)} ms, max ${worst('max').toFixed(0)} ms ` +
    `(the worst of the ${runs.length} clusters)`;
  const fmtTarget = (t) => `| ${t.mode} | ${t.target} | ${t.value} | ${t.met ? 'met' : '**not met**'} |`;
  return [
    `Command: \`${meta.command}\` · date ${meta.date} · node ${meta.node} · ` +
      `${meta.machine.nproc} CPUs (nproc), ${meta.machine.cpu} · ` +
      `seed ${meta.seed} · wall time ${(meta.runtimeMs / 1000).toFixed(0)} s · sizes ${meta.sizes.join(', ')}, ` +
      `${meta.copies} cluster(s) each, all in parallel (one worker thread per cluster) · ` +
      `${meta.faultEvents} fault events · single replica read from \`${meta.replicaFrom}\` (the first target).`,
    '',
    `Event-loop delay (a loaded machine delays ticks and answers alike): ${eld}.`,
    '',
    '| mode | target | measured | |',
    '|---|---|---|---|',
    ...targets.map(fmtTarget),
    '',
    'Accuracy (share of evaluated controller-ticks reported as the truth), false-offline rate ' +
      '(of truth-online ticks, count in parentheses), false-online rate (of truth-offline ticks), ' +
      'and the unknown share of the one-replica baseline (its controller did not answer that tick):',
    '',
    accuracyTable(r),
    '',
    'Detection latency from the fault to the first tick that reports it and keeps reporting it ' +
      '(p50 / tail; tail is p99 with 100+ samples, p90 with 10+, else the maximum; ' +
      'missed = never reported before the fault was healed):',
    '',
    detectionTable(r),
  ].join('\n');
}

/** Replaces the block between this mode's markers in BENCHMARKS.md (appends the markers when missing). */
export function spliceMarkdown(existing, mode, block) {
  const begin = `<!-- bench-accuracy:${mode}:begin -->`;
  const end = `<!-- bench-accuracy:${mode}:end -->`;
  const body = `${begin}\n${block}\n${end}`;
  const i = existing.indexOf(begin);
  const j = existing.indexOf(end);
  if (i >= 0 && j > i) return existing.slice(0, i) + body + existing.slice(j + end.length);
  return `${existing.replace(/\n*$/, '\n\n')}## Results: ${mode}\n\n${body}\n`;
}
