// One run's connection to its cluster(s), opened the same way by a single run, watch and serve:
// the secret the plan names read, one HTTP client, one login state, and the latency history
// (loaded as the session opens, saved as it closes).
import { Authenticator } from '../client/auth/authenticator.js';
import { startDeadline, type Deadline } from '../client/deadline.js';
import { createHttpClient, type HttpClient } from '../client/http-client.js';
import { openTlsSessions, saveTlsSessions } from '../client/tls-session-store.js';
import { credentialInput, readCredentials } from '../config/resolve-credentials.js';
import { warnOn, type Io } from '../io.js';
import type { LatencyHistory } from '../watch/latency-history.js';
import { loadLatencyHistory, saveLatencyHistory } from '../watch/latency-store.js';
import type { RunPlan } from './plan.js';

/** `tls: N handshakes (M resumed), K connections`: the run's connections, and the TLS handshakes among them. */
function tlsStatsLine(client: HttpClient): string {
  const { handshakes, resumed, connections } = client.tlsStats();
  return `tls: ${handshakes} handshakes (${resumed} resumed), ${connections} connections`;
}

/** A base deadline that never fires: in watch and serve every poll brings its own (adaptive deadlines). */
const NO_RUN_DEADLINE_MS = 2 ** 31 - 1;

export interface Session {
  client: HttpClient;
  auth: Authenticator;
  /** The client's deadline: a single run's own; in watch and serve one that never fires. */
  deadline: Deadline;
  /** Read from disk while the first polls run: a single run does not wait for it to start polling. */
  history: Promise<LatencyHistory>;
  /** Saves the history; call once, when the views are out. */
  close(): Promise<void>;
}

export async function openSession(
  plan: Pick<RunPlan, 'mode' | 'credentials' | 'tls' | 'timeoutMs'>,
  io: Io,
): Promise<Session> {
  const credentials = await readCredentials(plan.credentials, credentialInput(io));
  // A single run has one deadline for all of it, counted from the process start (docs/design.md section 2).
  const deadline =
    plan.mode === 'once' ? startDeadline(plan.timeoutMs, io.startedAt) : startDeadline(NO_RUN_DEADLINE_MS);
  const store = { env: io.env, homeDir: io.homeDir, warn: warnOn(io.stderr) };
  // Sessions of earlier runs resume this run's handshakes (only where origin and verification match).
  const sessions = openTlsSessions(plan.tls, store);
  const client = createHttpClient({ deadline, tls: plan.tls, sessions });
  const auth = new Authenticator(credentials, io.now);
  const history = loadLatencyHistory(store);
  return {
    client,
    auth,
    deadline,
    history,
    close: async () => {
      deadline.dispose();
      // For the benchmark (scripts/bench-real.mjs reads exactly this line); nothing is counted extra without it.
      if (io.env.ZITI_STATUS_DEBUG_TLS === '1') io.stderr.write(`${tlsStatsLine(client)}\n`);
      if (plan.mode !== 'once') await client.close();
      // A single run in-process (tests, the warm-up) starts closing and does not wait: sockets report
      // closed a few milliseconds later and the answer need not wait. A process about to exit skips it.
      else if (io.exitsWhenDone !== true) client.close().catch(() => undefined);
      saveTlsSessions(sessions, plan.tls, store);
      await saveLatencyHistory(await history, store);
    },
  };
}
