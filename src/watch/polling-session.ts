// What every long-running poll loop (watch, serve) shares: one HTTP client whose polls bring their
// own deadlines, one login state, and the latency history, loaded first and saved on the way out.
import { Authenticator } from '../client/auth/authenticator.js';
import { startDeadline } from '../client/deadline.js';
import { createHttpClient, type HttpClient } from '../client/http-client.js';
import type { InspectOptions } from '../commands/list-controllers.js';
import type { Io } from '../io.js';
import type { LatencyHistory } from './latency-history.js';
import { loadLatencyHistory, saveLatencyHistory } from './latency-store.js';

/** A base deadline that never fires: every poll brings its own (adaptive deadlines). */
const NO_RUN_DEADLINE_MS = 2 ** 31 - 1;

export interface PollingSession {
  client: HttpClient;
  auth: Authenticator;
  history: LatencyHistory;
  close(): Promise<void>;
}

export async function openPollingSession(connection: Pick<InspectOptions, 'tls' | 'credentials'>, io: Io): Promise<PollingSession> {
  const store = { env: io.env, homeDir: io.homeDir, warn: (m: string) => io.stderr.write(`ziti-status: warning: ${m}\n`) };
  const history = await loadLatencyHistory(store);
  const base = startDeadline(NO_RUN_DEADLINE_MS);
  const client = createHttpClient({ deadline: base, ...(connection.tls ? { tls: connection.tls } : {}) });
  const auth = new Authenticator(connection.credentials ?? { kind: 'none' }, io.now);
  return {
    client,
    auth,
    history,
    close: async () => {
      base.dispose();
      await client.close();
      await saveLatencyHistory(history, store);
    },
  };
}
