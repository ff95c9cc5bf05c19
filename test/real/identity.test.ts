// Real cluster: who really answered at an address (src/reconcile/peer-identity.ts). Real v2.0.3
// controllers serve certificates with URI:spiffe://zs-test/controller/<id>, and the replicas carry
// each one's SHA-1 fingerprint.
//
// The set-up, and why it is this one: the tool maps an address to a controller by the address the
// replicas publish for it (docs/design.md section 2); an address no replica publishes is only a
// seed. So the swap must happen AT a published address, as round-robin DNS or a load balancer does
// when the name of one controller lands on another. The quickstart binds 0.0.0.0:PORT, so nothing
// else can listen on ctrl2's published 127.0.0.1:PORT while ctrl2 runs: ctrl2 is killed (the
// failure that makes a balancer send its traffic elsewhere), and a TCP forwarder (test/helpers/forwarder.ts,
// node:net, loopback only) listens on that address and hands every connection to ctrl3's real
// port. TLS passes through untouched: ctrl3 itself answers, with its own certificate.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect as connectTls } from 'node:tls';
import type { ClusterView } from '../../src/model.js';
import { useForwarders } from '../helpers/forwarder.js';
import { RealCluster } from './harness/cluster.js';
import { run } from './harness/processes.js';
import { listJson, rowOf } from './harness/ziti-status.js';

let cluster: RealCluster;
const forward = useForwarders();

beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

const portOf = (id: string) => Number(new URL(cluster.url(id)).port);

/** SHA-1 of the DER of the certificate the controller at `id`'s address serves. */
async function servedFingerprint(id: string): Promise<string> {
  const socket = connectTls({ host: '127.0.0.1', port: portOf(id), ca: readFileSync(cluster.caFile) });
  await once(socket, 'secureConnect');
  const der = socket.getPeerCertificate().raw;
  socket.destroy();
  return createHash('sha1').update(der).digest('hex');
}

const BIN = fileURLToPath(new URL('../../bin/ziti-status.cjs', import.meta.url));
const TLS_LINE = /^tls: (\d+) handshakes \((\d+) resumed\), (\d+) connections$/m;

function tlsCounts(stderr: string) {
  const m = TLS_LINE.exec(stderr);
  if (m === null) throw new Error(`no tls line on stderr: ${stderr}`);
  return { handshakes: Number(m[1]), resumed: Number(m[2]), connections: Number(m[3]) };
}

/** The cluster user's environment with a cache of its own and the TLS count on. */
const countingEnv = (cache: string) => ({ ...cluster.env, XDG_CACHE_HOME: cache, ZITI_STATUS_DEBUG_TLS: '1' });

it('one TLS connection per controller (h2); the next run resumes all three and still reads each identity', async () => {
  const cache = mkdtempSync(join(cluster.home, 'cache-'));
  const env = countingEnv(cache);
  const sessionsFile = join(cache, 'ziti-status', 'tls-sessions-v1.json');
  const args = [BIN, 'list', 'controllers', '-o', 'json', '-c', cluster.url('ctrl1'), '-i', 'default'];
  const first = await run(process.execPath, args, env);
  expect(tlsCounts(first.stderr)).toEqual({ handshakes: 3, resumed: 0, connections: 3 });
  const saved = readFileSync(sessionsFile, 'utf8');
  const second = await run(process.execPath, args, env);
  expect(tlsCounts(second.stderr)).toEqual({ handshakes: 3, resumed: 3, connections: 3 });
  // Go issues a new session after every resumed handshake; the stored ones, a day fresh, are kept
  // as they were (no write, no fsync), and a third run resumes with them again.
  expect(readFileSync(sessionsFile, 'utf8')).toBe(saved);
  expect(tlsCounts((await run(process.execPath, args, env)).stderr)).toEqual({
    handshakes: 3,
    resumed: 3,
    connections: 3,
  });
  const view = JSON.parse(second.stdout) as ClusterView;
  expect(view.cluster.verdict).toBe('healthy');
  for (const id of cluster.ids) expect(rowOf(view, id).spiffeId).toBe(`spiffe://zs-test/controller/${id}`);
});

/**
 * `--watch 1s -o json` with the TLS count on; `onView` hears each view and returns true to end the
 * watch (SIGTERM by its PID). Resolves with its stderr and exit code once it has exited.
 */
async function watchCounting(onView: (view: ClusterView) => boolean | Promise<boolean>) {
  const env = countingEnv(mkdtempSync(join(cluster.home, 'cache-')));
  const child = spawn(
    process.execPath,
    [BIN, 'list', 'controllers', '--watch', '1s', '-o', 'json', '-c', cluster.url('ctrl1'), '-i', 'default'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  let buffered = '';
  let stderr = '';
  let done = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  child.stdout.on('data', (d: Buffer) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (done) continue;
      void Promise.resolve(onView(JSON.parse(line) as ClusterView)).then((end) => {
        if (end && !done) {
          done = true;
          child.kill('SIGTERM');
        }
      });
    }
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(guard);
  return { stderr, code };
}

it('watch every 1 s: no new handshake after the first tick while the controllers stay up', async () => {
  let views = 0;
  const { stderr } = await watchCounting(() => ++views === 5); // four ticks after the first
  expect(tlsCounts(stderr)).toEqual({ handshakes: 3, resumed: 0, connections: 3 });
});

it('watch over h2: a follower killed shows offline, restarted it is back online; one new handshake', async () => {
  let phase: 'up' | 'killed' | 'restarted' = 'up';
  let follower = '';
  let sawOffline = false;
  const { stderr, code } = await watchCounting(async (view) => {
    if (phase === 'up' && view.cluster.verdict === 'healthy') {
      follower = cluster.ids.find((id) => id !== view.cluster.leader)!;
      phase = 'killed';
      await cluster.kill(follower);
    } else if (phase === 'killed' && rowOf(view, follower).status === 'offline') {
      sawOffline = true;
      phase = 'restarted';
      await cluster.restart(follower);
    } else if (phase === 'restarted' && view.cluster.verdict === 'healthy') return true;
    return false;
  });
  expect(sawOffline).toBe(true);
  expect(code).toBe(143); // ended by our SIGTERM, not by a crash
  // The restarted process holds new session keys: a full handshake to it, none to the others.
  const counts = tlsCounts(stderr);
  expect(counts.handshakes - counts.resumed).toBe(4);
});

it('healthy: each row has its own SPIFFE id, the served certificate is the row fingerprint, no identity flag', async () => {
  const { view } = await listJson(cluster, ['-c', cluster.url('ctrl1'), '-i', 'default']);
  expect(view.cluster.verdict).toBe('healthy');
  for (const id of cluster.ids) {
    const row = rowOf(view, id);
    expect(row.spiffeId).toBe(`spiffe://zs-test/controller/${id}`);
    expect(row.flags).toEqual([]);
    // What the comparison rests on: the API listener serves the very certificate the replicas carry.
    expect(await servedFingerprint(id)).toBe(row.fingerprint);
  }
});

it("ctrl2's published address answered by ctrl3 (ctrl2 down, its address forwarded): identity, ctrl2 unknown", async () => {
  await cluster.kill('ctrl2');
  await forward(portOf('ctrl2'), [portOf('ctrl3')]);

  const { view } = await listJson(cluster, ['-c', cluster.url('ctrl1'), '-i', 'default']);
  const ctrl2 = rowOf(view, 'ctrl2');
  const ctrl3 = rowOf(view, 'ctrl3');
  const identity = ctrl2.flags.find((f) => f.code === 'identity');
  expect(identity?.message).toBe(
    `its address https://127.0.0.1:${portOf('ctrl2')}: it answered with ctrl3's certificate ` +
      `(spiffe://zs-test/controller/ctrl3, fingerprint ${ctrl3.fingerprint}), not as ctrl2 ` +
      `(ctrl2's fingerprint in the replicas is ${ctrl2.fingerprint}): its answers ignored`,
  );
  // ctrl3's answers are not passed off as ctrl2's: ctrl2 was not heard, neither online nor offline.
  expect(ctrl2).toMatchObject({ status: 'unknown', reachable: false, spiffeId: 'spiffe://zs-test/controller/ctrl3' });
  expect(ctrl3.flags.map((f) => f.code)).not.toContain('identity');
  expect(ctrl3).toMatchObject({ status: 'online', spiffeId: 'spiffe://zs-test/controller/ctrl3' });
  expect(view.cluster.verdict).not.toBe('healthy');
});
