// A repeated run resumes its TLS handshakes from the cache (src/client/tls-session-store.ts): each
// session only for the origin that issued it and only under the verification settings it was
// verified with; dropped when they change or a handshake fails. A resumed handshake shows no
// certificate, so the one kept with the session still gives the identity checks their evidence.
import { describe, expect, it } from '@jest/globals';
import { statSync, readFileSync, writeFileSync } from 'node:fs';
import type { ClusterView } from '../../src/model.js';
import { tlsSessionsFilePath } from '../../src/client/tls-session-store.js';
import { emptyDir, runCli } from '../helpers/cli.js';
import { useForwarders } from '../helpers/forwarder.js';
import { controllerPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();
const forward = useForwarders();
const pki = controllerPki();
const LINE = /^tls: (\d+) handshakes \((\d+) resumed\), (\d+) connections$/m;

async function run(url: string, homeDir: string, extra: string[] = ['--ca', pki.root.certPath]) {
  const out = await runCli(['list', 'controllers', '-c', url, '-o', 'json', ...extra], {
    env: { ZITI_STATUS_DEBUG_TLS: '1' },
    homeDir,
  });
  const match = LINE.exec(out.stderr);
  if (match === null) throw new Error(`no tls line: ${out.stderr}`);
  return { view: JSON.parse(out.stdout) as ClusterView, handshakes: Number(match[1]), resumed: Number(match[2]) };
}

const spiffeIds = (view: ClusterView) => view.controllers.map((r) => r.spiffeId);
const IDS = ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => `spiffe://ziti-status.test/controller/${id}`);

describe('TLS session resumption across runs', () => {
  it('the second run resumes every handshake, and its rows still carry each certificate', async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    const home = emptyDir();
    const first = await run(cluster.url('ctrl1'), home);
    expect(first).toMatchObject({ handshakes: 3, resumed: 0 });
    const file = tlsSessionsFilePath({}, home);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await run(cluster.url('ctrl1'), home);
    expect(second).toMatchObject({ handshakes: 3, resumed: 3 });
    expect(spiffeIds(second.view)).toEqual(IDS);
    expect(second.view.cluster.verdict).toBe('healthy');
  });

  it('a run that resumes sessions a day fresh leaves the file as it was, and the next run resumes again', async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    const home = emptyDir();
    await run(cluster.url('ctrl1'), home);
    const file = tlsSessionsFilePath({}, home);
    const saved = readFileSync(file, 'utf8');
    // Nothing new to keep: no write (a Go controller issues a new session after each resumed handshake;
    // test/real/identity.test.ts shows that one is not written either while the stored one is fresh).
    expect(await run(cluster.url('ctrl1'), home)).toMatchObject({ handshakes: 3, resumed: 3 });
    expect(readFileSync(file, 'utf8')).toBe(saved);
    expect(await run(cluster.url('ctrl1'), home)).toMatchObject({ handshakes: 3, resumed: 3 });
    // A day old, still within the week a session is kept: offered, and resumed.
    const aged = JSON.parse(saved) as { sessions: { savedAt: number }[] };
    for (const stored of aged.sessions) stored.savedAt -= 25 * 3_600_000;
    writeFileSync(file, JSON.stringify(aged));
    expect(await run(cluster.url('ctrl1'), home)).toMatchObject({ handshakes: 3, resumed: 3 });
  });

  it('another verification setting (--insecure) offers none of them; the cache then holds only its own', async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    const home = emptyDir();
    await run(cluster.url('ctrl1'), home);
    expect(await run(cluster.url('ctrl1'), home, ['--insecure'])).toMatchObject({ handshakes: 3, resumed: 0 });
    // Back with --ca: the --insecure run replaced its sessions, so nothing is resumed.
    expect(await run(cluster.url('ctrl1'), home)).toMatchObject({ resumed: 0 });
  });

  it("kept per origin; ctrl2's address then taken by ctrl3: its session fails, a full handshake shows ctrl3", async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    const home = emptyDir();
    await run(cluster.url('ctrl1'), home);
    const stored = JSON.parse(readFileSync(tlsSessionsFilePath({}, home), 'utf8')) as {
      sessions: { origin: string }[];
    };
    expect(stored.sessions.map((s) => s.origin).sort()).toEqual(
      ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => new URL(cluster.url(id)).origin).sort(),
    );
    await cluster.kill('ctrl2');
    await forward(Number(new URL(cluster.url('ctrl2')).port), [Number(new URL(cluster.url('ctrl3')).port)]);
    const swapped = await run(cluster.url('ctrl1'), home);
    // ctrl3 holds no key to ctrl2's session: only ctrl1 and ctrl3 at their own addresses resume.
    expect(swapped).toMatchObject({ handshakes: 3, resumed: 2 });
    const ctrl2 = swapped.view.controllers.find((r) => r.id === 'ctrl2')!;
    expect(ctrl2.spiffeId).toBe(IDS[2]);
    expect(ctrl2.flags.map((f) => f.code)).toContain('identity');
  });

  it("a failed handshake drops the origin's session from the cache", async () => {
    const cluster = await start({ nodes: 1 }, { tls: pki.simTls() });
    const stranger = await start({ nodes: 1 }, { tls: controllerPki('other.test').simTls() });
    const home = emptyDir();
    await run(cluster.url('ctrl1'), home);
    const origins = () =>
      (
        JSON.parse(readFileSync(tlsSessionsFilePath({}, home), 'utf8')) as { sessions: { origin: string }[] }
      ).sessions.map((s) => s.origin);
    expect(origins()).toEqual([new URL(cluster.url('ctrl1')).origin]);
    await cluster.kill('ctrl1');
    await forward(Number(new URL(cluster.url('ctrl1')).port), [Number(new URL(stranger.url('ctrl1')).port)]);
    const failed = await run(cluster.url('ctrl1'), home);
    expect(failed.view.controllers[0]!.error).toMatch(/^TLS failed at/);
    expect(origins()).toEqual([]);
  });

  it('a corrupt cache is no cache: a full handshake, and a fresh file', async () => {
    const cluster = await start({ nodes: 1 }, { tls: pki.simTls() });
    const home = emptyDir();
    await run(cluster.url('ctrl1'), home);
    writeFileSync(tlsSessionsFilePath({}, home), '{not json');
    expect(await run(cluster.url('ctrl1'), home)).toMatchObject({ handshakes: 1, resumed: 0 });
    expect(await run(cluster.url('ctrl1'), home)).toMatchObject({ handshakes: 1, resumed: 1 });
  });
});
