// Runs hostile-controller cases: ctrl3 of three misbehaves; good ones intact, bad one flagged, deadline kept,
// nothing leaked.
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { once } from 'node:events';
import type { Server } from 'node:net';
import { runInThisContext } from 'node:vm';
import type { FailureKind } from '../../src/evidence.js';
import type { ClusterView, ControllerRow, FlagCode } from '../../src/model.js';
import type { ScenarioInput, SimCluster } from '../../src/sim/index.js';
import { listJson, type CliResult } from '../helpers/cli.js';
import { testPki, type TestPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

export interface Setup {
  cluster: SimCluster;
  pki: TestPki;
  /** Kills ctrl3 and serves `server` on its port instead, so discovery polls it there. */
  replaceCtrl3(server: Server): Promise<void>;
  /** Serves `server` on a free 127.0.0.1 port (closed after the test); returns its port. */
  listen(server: Server): Promise<number>;
  /** Another simulated cluster (closed after the test). */
  startCluster(scenario: ScenarioInput): Promise<SimCluster>;
}

export type ListResult = CliResult & { view: ClusterView };

export interface HostileCase {
  name: string;
  /** Default: three controllers, ctrl1 preferred leader. */
  scenario?: ScenarioInput;
  /** Serve HTTPS (CA-signed, `--ca` given). */
  tls?: boolean;
  /** Runs with --timeout 1s (else 2s): the case can only end at the deadline. */
  slow?: boolean;
  args?: string[];
  stdin?: string;
  /** Makes the bad controller misbehave; may return a check run after the CLI. */
  arrange(setup: Setup): Promise<Check | undefined> | Promise<void> | Check | void;
  bad?: string;
  expect: {
    status: ControllerRow['status'];
    /** null: the one case that must stay clean (no flag at all). */
    flag: FlagCode | null;
    /** The flag's message. */
    message: RegExp;
    /** Failure kind of the row's error, recognised by its message template (the JSON has no kind). */
    kind?: FailureKind;
    /** The row's error when there is no kind to recognise (null: none). */
    error?: RegExp | null;
    /** docs/design.md section 3 rule 7; default degraded. */
    verdict?: ClusterView['cluster']['verdict'];
  };
}

export type Check = (result: ListResult) => Promise<void> | void;

// Every failure kind's message, as src/client words it: the JSON output carries messages, not kinds.
export const KIND_TEMPLATE: Record<FailureKind, RegExp> = {
  'invalid-json': /^invalid JSON on \/\S+: /,
  schema: /^unexpected payload on \/\S+: /,
  'too-large': /^body larger than \d+ bytes from http/,
  redirect: /^HTTP 3\d\d redirect on \/\S+( to \S+)?, not followed$/,
  http: /^HTTP [45]\d\d (\([A-Z_]+\) )?on \/\S+/,
  paging: /^paging of \/\S+ is inconsistent: /,
  timeout: new RegExp(
    '^(no answer (in time|from \\S+ within the \\d+ ms deadline)|' +
      'TLS handshake with \\S+ not completed within the \\d+ ms deadline)',
  ),
  reset: /^connection (reset|closed mid-response)/,
  protocol: /^not an HTTP server/,
  tls: /^TLS failed at https:\/\/\S+: /,
  refused: /^connection refused/,
  dns: /^host name not resolved/,
  network: /^network error/,
};

// Jest gives tests a copy of `process` whose events never fire; the real one is the main context's.
const realProcess = runInThisContext('process') as NodeJS.Process;

/**
 * Warnings and unhandled rejections of the real process during each test (Node's own ExperimentalWarning for
 * vm modules aside).
 */
function watchProcessEvents(): () => string[] {
  let seen: string[] = [];
  const onRejection = (reason: unknown) => seen.push(`unhandledRejection: ${String(reason)}`);
  const onWarning = (warning: Error) => {
    if (warning.name !== 'ExperimentalWarning') seen.push(`warning: ${warning.name}: ${warning.message}`);
  };
  beforeEach(() => {
    seen = [];
    realProcess.on('unhandledRejection', onRejection);
    realProcess.on('warning', onWarning);
  });
  afterEach(() => {
    realProcess.off('unhandledRejection', onRejection);
    realProcess.off('warning', onWarning);
  });
  return () => seen;
}

function useOwnServers() {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((s) => {
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        for (const socket of openSockets.get(s) ?? []) socket.destroy();
        return closed;
      }),
    );
  });
  const openSockets = new WeakMap<Server, Set<import('node:net').Socket>>();
  return async (server: Server, port = 0): Promise<number> => {
    const sockets = new Set<import('node:net').Socket>();
    openSockets.set(server, sockets);
    server.on('connection', (socket) => {
      sockets.add(socket);
      // A client that hangs up (as ziti-status does on a bad certificate) is not an error here.
      socket.on('error', () => {});
      socket.once('close', () => sockets.delete(socket));
    });
    server.on('tlsClientError', () => {});
    servers.push(server);
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return address.port;
  };
}

/** Registers one `it` per case; call at the top level of a test file. */
export function hostileCases(cases: readonly HostileCase[]): void {
  const start = useSimCluster();
  const events = watchProcessEvents();
  const listen = useOwnServers();

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, kase) => {
    const pki = testPki();
    const tls = kase.tls ? { tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert } } : undefined;
    const cluster = await start(kase.scenario ?? { nodes: 3 }, tls);
    const bad = kase.bad ?? 'ctrl3';
    const setup: Setup = {
      cluster,
      pki,
      listen: (server) => listen(server),
      startCluster: (scenario) => start(scenario, tls),
      replaceCtrl3: async (server) => {
        const port = Number(new URL(cluster.url(bad)).port);
        await cluster.kill(bad);
        await listen(server, port);
      },
    };
    const check = await kase.arrange(setup);
    const timeoutMs = kase.slow ? 1000 : 2000;
    const args = ['--timeout', `${timeoutMs}ms`, ...(kase.tls ? ['--ca', pki.ca.certPath] : []), ...(kase.args ?? [])];
    const result = await listJson([cluster.url('ctrl1')], args, kase.stdin === undefined ? {} : { stdin: kase.stdin });
    const { view } = result;

    expect(result.stderr).toBe('');
    expect(result.elapsedMs).toBeLessThan(timeoutMs + 300);
    expect(view.controllers.map((r) => r.id)).toEqual(['ctrl1', 'ctrl2', bad].sort(byteOrder));
    expect(view.cluster.leader).toBe('ctrl1');
    for (const good of ['ctrl1', 'ctrl2']) {
      expect(rowOf(view, good)).toMatchObject({
        status: 'online',
        reachable: true,
        flags: [],
        error: null,
        isLeader: good === 'ctrl1',
      });
    }

    const row = rowOf(view, bad);
    expect(row.status).toBe(kase.expect.status);
    if (kase.expect.flag === null) expect(row.flags).toEqual([]);
    else
      expect(row.flags).toContainEqual({ code: kase.expect.flag, message: expect.stringMatching(kase.expect.message) });
    if (kase.expect.kind !== undefined) expect(row.error).toMatch(KIND_TEMPLATE[kase.expect.kind]);
    else if (kase.expect.error === null) expect(row.error).toBeNull();
    else if (kase.expect.error !== undefined) expect(row.error).toMatch(kase.expect.error);
    const verdict = kase.expect.verdict ?? 'degraded';
    expect(view.cluster.verdict).toBe(verdict);
    expect(result.code).toBe({ healthy: 0, degraded: 1, critical: 2, unknown: 3 }[verdict]);

    if (check) await check(result);
    // A rejection or warning caused by the run may surface a tick after it returns.
    await new Promise((resolve) => setImmediate(resolve));
    expect(events()).toEqual([]);
  });
}

export function rowOf(view: ClusterView, id: string): ControllerRow {
  const row = view.controllers.find((r) => r.id === id);
  if (row === undefined) throw new Error(`no row for ${JSON.stringify(id)}`);
  return row;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
