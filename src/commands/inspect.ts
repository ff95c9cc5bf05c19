// One run: poll and reconcile within one deadline for the whole run, logins included; show
// progress on a terminal when it takes a while; apply the positional filter.
import type { Authenticator, Capabilities } from '../client/auth/authenticator.js';
import { fetchFilteredIds } from '../client/fetch-filtered.js';
import type { HttpClient } from '../client/http-client.js';
import type { Evidence } from '../evidence.js';
import { warnOn, type Io } from '../io.js';
import { Memo } from '../memo.js';
import type { ClusterView } from '../model.js';
import { pollCluster } from '../poll.js';
import { reconcile } from '../reconcile.js';
import { loadKnownMembers, memberCacheKey, publishedMembers, saveKnownMembers } from '../run/member-cache.js';
import type { RunPlan } from '../run/plan.js';
import type { Session } from '../run/session.js';
import { slowThresholdMs, type LatencyHistory } from '../watch/latency-history.js';
import { answerLatencyMs } from '../watch/poller.js';

/** A progress line appears only when polling takes longer than this, so quick runs stay clean. */
const PROGRESS_AFTER_MS = 300;

/**
 * The latency history of earlier runs flags an answer far slower than usual (`slow`), and this
 * run's latencies are added to it, so watch mode and later runs start from what is normal.
 * `present` shows the view before the session saves the history: the answer does not wait for the
 * disk (an fsync can take longer than the whole poll), the process still does.
 */
export async function inspect(
  plan: Pick<RunPlan, 'discover' | 'filter' | 'policy' | 'tls' | 'demo'>,
  origins: string[],
  session: Session,
  io: Io,
  present: (view: ClusterView) => Promise<void> | void,
): Promise<ClusterView> {
  const { client, auth, deadline } = session;
  const progress = progressLine(io);
  // The members of last run are asked at once (src/run/member-cache.ts); --no-discover asks only
  // the given ones, and --demo's cluster is new every time.
  const store = { env: io.env, homeDir: io.homeDir, warn: warnOn(io.stderr) };
  const cacheKey = plan.discover && !plan.demo ? memberCacheKey(origins, plan.tls) : null;
  const cached = cacheKey === null ? [] : loadKnownMembers(cacheKey, store);
  // One per run (src/memo.ts): polling, reconciling and the member cache parse each row's addresses once.
  const memo = new Memo();
  try {
    const [history, evidence] = await Promise.all([
      session.history,
      pollCluster({
        origins,
        discover: plan.discover,
        client,
        auth,
        deadline,
        onProgress: progress.update,
        cached,
        memo,
      }),
    ]);
    progress.clear();
    recordLatencies(evidence, history, io.now());
    const reconciled = reconcile(evidence, io.now(), memo, plan.policy);
    const view =
      plan.filter === null
        ? reconciled
        : await applyFilter(reconciled, plan.filter, { client, auth, capabilities: capabilitiesIn(evidence) }, (note) =>
            warnOn(io.stderr)(note),
          );
    await present(view);
    const members = cacheKey === null ? null : publishedMembers(evidence, memo);
    if (members !== null) saveKnownMembers(cacheKey!, members, io.now(), store);
    return view;
  } finally {
    progress.clear();
  }
}

function recordLatencies(evidence: Evidence, history: LatencyHistory, now: Date): void {
  for (const target of evidence.targets) {
    const latency = answerLatencyMs(target.signals, target.origin);
    if (latency === null) continue;
    target.freshness = {
      ageMs: 0,
      staleAfterMs: null,
      pendingMs: null,
      answeredAfterMs: latency,
      slowAfterMs: slowThresholdMs(history.stats(target.origin)),
    };
    history.record(target.origin, latency, now);
  }
}

/** What asking a controller for the filtered ids takes; `capabilities` are those its /version listed. */
export interface FilterAsk {
  client: HttpClient;
  auth: Authenticator;
  capabilities: (origin: string) => Capabilities;
}

/** The capabilities each polled controller's /version listed, null where it did not answer. */
export function capabilitiesIn(evidence: Evidence): (origin: string) => Capabilities {
  return (origin) => {
    const target = evidence.targets.find((t) => t.origin === origin);
    return Promise.resolve(target?.signals.version.ok ? (target.signals.version.value.capabilities ?? []) : null);
  };
}

// Reconciled from every replica as always; the filter only chooses which rows to show, and is
// asked of the leader where there is one. The verdict still covers the whole cluster. Watch asks
// again every tick; `warn` hears why a filter could not be applied.
export async function applyFilter(
  view: ClusterView,
  filter: string,
  ask: FilterAsk,
  warn: (note: string) => void,
): Promise<ClusterView> {
  const byId = new Map(view.controllers.map((r) => [r.id, r]));
  const asked =
    (view.cluster.leader !== null ? byId.get(view.cluster.leader) : undefined) ??
    view.controllers.find((r) => r.reachable && r.address !== null);
  if (asked?.address == null)
    return withNote(view, `the filter '${filter}' was not applied: no controller answered to ask`, warn);
  const result = await fetchFilteredIds(ask.client, asked.address, ask.auth, ask.capabilities(asked.address), filter);
  if (!result.ok) return withNote(view, `the filter '${filter}' was not applied: ${result.failure.message}`, warn);
  return { ...view, controllers: view.controllers.filter((r) => result.ids.has(r.id)) };
}

function withNote(view: ClusterView, note: string, warn: (note: string) => void): ClusterView {
  warn(note);
  return { ...view, cluster: { ...view.cluster, notes: [...view.cluster.notes, note] } };
}

function progressLine(io: Io): { update: (answered: number, total: number) => void; clear: () => void } {
  if (io.stderr.isTTY !== true) return { update: () => {}, clear: () => {} };
  const started = performance.now();
  let shown = false;
  let last = '';
  const draw = () => {
    shown = true;
    io.stderr.write(`\r\u001b[Kpolling controllers: ${last}`);
  };
  const timer = setTimeout(() => last && draw(), PROGRESS_AFTER_MS);
  timer.unref();
  return {
    update: (answered, total) => {
      last = `${answered}/${total} answered`;
      if (performance.now() - started >= PROGRESS_AFTER_MS) draw();
    },
    clear: () => {
      clearTimeout(timer);
      if (shown) io.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
