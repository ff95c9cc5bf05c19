// `-o prometheus`: the reconciled view in the Prometheus text exposition format (0.0.4), for the
// node_exporter textfile collector and for `serve`'s /metrics. Gauges and one counter (the leader
// changes watch and serve count), so a small writer does the job; a client library would add
// start-up cost for no gain.
import type { ClusterView, Verdict } from '../model.js';
import { FLAG_CODES, VERDICTS } from '../model.js';
import { sanitizeForTerminal } from './sanitize.js';

type Labels = Record<string, string>;

interface Metric {
  name: string;
  help: string;
  /** Gauge unless said otherwise. */
  type?: 'counter';
  samples: { labels: Labels; value: number }[];
}

export interface LabelledView {
  view: ClusterView;
  /** Labels every sample of this view, e.g. { cluster: 'prod' } when serve watches several clusters. */
  labels: Labels;
}

/** One exposition for one or several clusters: each metric's HELP and TYPE once, then every sample. */
export function renderPrometheus(views: readonly LabelledView[]): string {
  const byName = new Map<string, Metric>();
  for (const { view, labels } of views) {
    for (const metric of metricsOf(view, labels)) {
      const merged = byName.get(metric.name);
      if (merged) merged.samples.push(...metric.samples);
      else byName.set(metric.name, metric);
    }
  }
  return [...byName.values()].map(formatMetric).join('');
}

function metricsOf(view: ClusterView, base: Labels): Metric[] {
  const rows = view.controllers;
  const perController = (name: string, help: string, value: (r: (typeof rows)[number]) => number | null): Metric => ({
    name,
    help,
    samples: rows.flatMap((r) => {
      const v = value(r);
      return v === null ? [] : [{ labels: { ...base, controller: label(r.id) }, value: v }];
    }),
  });
  const metrics: Metric[] = [
    perController('ziti_status_controller_online', 'Reconciled status: 1 online, 0 offline or unknown.', (r) =>
      r.status === 'online' ? 1 : 0,
    ),
    perController(
      'ziti_status_controller_status_unknown',
      '1 when nothing of our own speaks for the controller (not polled, former member).',
      (r) => (r.status === 'unknown' ? 1 : 0),
    ),
    perController('ziti_status_controller_reachable', '1 when an HTTP exchange with the controller succeeded.', (r) =>
      r.reachable ? 1 : 0,
    ),
    perController(
      'ziti_status_controller_probe_latency_seconds',
      'Answer latency of the quickest request to the controller.',
      (r) => (r.latencyMs === null ? null : r.latencyMs / 1000),
    ),
    perController('ziti_status_controller_is_leader', '1 for the consensus leader.', (r) => (r.isLeader ? 1 : 0)),
    perController(
      'ziti_status_controller_cert_expiry_timestamp_seconds',
      "When the controller's certificate expires (its notAfter), in seconds since the epoch; absent when unknown.",
      (r) => (r.certExpiresAt === null ? null : Date.parse(r.certExpiresAt) / 1000),
    ),
    perController(
      'ziti_status_controller_raft_lag_entries',
      "Raft entries the controller's applied index is behind the leader's; no sample while unknown.",
      (r) => r.lagEntries,
    ),
    {
      name: 'ziti_status_controller_flag',
      help: 'One series per controller and flag code: 1 while the flag is raised.',
      samples: rows.flatMap((r) =>
        FLAG_CODES.map((code) => ({
          labels: { ...base, controller: label(r.id), flag: code },
          value: r.flags.some((f) => f.code === code) ? 1 : 0,
        })),
      ),
    },
    {
      name: 'ziti_status_cluster_verdict',
      help: 'One series per verdict: 1 for the current one.',
      samples: VERDICTS.map((v: Verdict) => ({
        labels: { ...base, verdict: v },
        value: view.cluster.verdict === v ? 1 : 0,
      })),
    },
    {
      name: 'ziti_status_cluster_has_leader',
      help: '1 when a leader backed by a quorum exists.',
      samples: [{ labels: base, value: view.cluster.leader === null ? 0 : 1 }],
    },
    {
      name: 'ziti_status_cluster_quorum_voters',
      help: 'Voting members.',
      samples: [{ labels: base, value: view.cluster.quorum.voters }],
    },
    {
      name: 'ziti_status_cluster_quorum_needed',
      help: 'Voters needed for a quorum.',
      samples: [{ labels: base, value: view.cluster.quorum.needed }],
    },
    {
      name: 'ziti_status_cluster_quorum_reachable',
      help: 'Voters that answered us.',
      samples: [{ labels: base, value: view.cluster.quorum.reachable }],
    },
    // Only where views follow one another (serve, watch): a single run counts no changes.
    ...(view.cluster.elections === null
      ? []
      : [
          {
            name: 'ziti_status_cluster_leader_elections_total',
            help: 'Leader changes seen since serve started (a view naming another leader than the last one named).',
            type: 'counter' as const,
            samples: [{ labels: base, value: view.cluster.elections.total }],
          },
        ]),
    {
      name: 'ziti_status_generated_timestamp_seconds',
      help: 'When this view was reconciled.',
      samples: [{ labels: base, value: Date.parse(view.generatedAt) / 1000 }],
    },
  ];
  return metrics;
}

// Controller ids come from the controllers: no escape sequences may ride along into a terminal.
const label = (id: string) => sanitizeForTerminal(id, 200);

function formatMetric(metric: Metric): string {
  const lines = [`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type ?? 'gauge'}`];
  for (const { labels, value } of metric.samples)
    lines.push(`${metric.name}${formatLabels(labels)} ${formatValue(value)}`);
  return `${lines.join('\n')}\n`;
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  // The exposition format escapes backslash, double quote and newline in label values.
  const escapeValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${entries.map(([k, v]) => `${k}="${escapeValue(v)}"`).join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}
