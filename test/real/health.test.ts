// Real cluster: the health around the data on a real three-node v2.0.3 cluster. The certificate
// dates ziti-status reads from the replicas' certPem are those of the certificate files the HA
// quickstart wrote (read here with openssl and node's X509Certificate, matched by fingerprint), the
// quickstart's year of validity raises nothing under the default --cert-warn, and --cert-warn 400d
// raises cert-expiring on every controller (exit 1). One version everywhere: no skew.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RealCluster } from './harness/cluster.js';
import { EXIT, listJson, rowOf, zitiStatus } from './harness/ziti-status.js';

const DAY = 86_400_000;
let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

/** Every PEM certificate file under `dir`, with the SHA-1 fingerprint of each certificate it holds. */
function certificateFiles(dir: string): { path: string; fingerprints: string[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return certificateFiles(path);
    // Certificate files only: the raft log and the bolt database hold copies of the PEM too.
    if (stat.size > 200_000 || !/\.(?:cert|crt|pem)$/.test(name)) return [];
    const text = readFileSync(path, 'latin1');
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    const fingerprints = blocks.flatMap((pem) => {
      try {
        return [createHash('sha1').update(new X509Certificate(pem).raw).digest('hex')];
      } catch {
        return [];
      }
    });
    return fingerprints.length === 0 ? [] : [{ path, fingerprints }];
  });
}

describe('health around the data, on a real cluster', () => {
  it("each row's certificate expiry is the notAfter of the certificate file the quickstart wrote; no flag by default", async () => {
    const { view, code } = await listJson(cluster);
    expect(code).toBe(EXIT.healthy);
    const files = certificateFiles(cluster.home);
    const expiries: number[] = [];
    for (const id of cluster.ids) {
      const row = rowOf(view, id);
      expect(row.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      // The file whose first certificate is the one the replica publishes for this controller.
      const file = files.find((f) => f.fingerprints[0] === row.fingerprint);
      expect(file).toBeDefined();
      const endDate = execFileSync('openssl', ['x509', '-enddate', '-noout', '-in', file!.path], { encoding: 'utf8' });
      const notAfter = Date.parse(endDate.trim().replace(/^notAfter=/, ''));
      expect(row.certExpiresAt).toBe(new Date(notAfter).toISOString());
      expect(new X509Certificate(readFileSync(file!.path)).validTo).toBe(endDate.trim().replace(/^notAfter=/, ''));
      // The quickstart issues its controllers' certificates for about a year.
      const left = (notAfter - Date.parse(view.generatedAt)) / DAY;
      expect(left).toBeGreaterThan(360);
      expect(left).toBeLessThan(370);
      expect(row.flags).toEqual([]);
      expect(row.version).toBe('v2.0.3');
      expiries.push(notAfter);
    }
    const earliest = Math.min(...expiries);
    expect(view.cluster.earliestCertExpiry).toEqual({
      id: cluster.ids[expiries.indexOf(earliest)],
      at: new Date(earliest).toISOString(),
    });
    // One release everywhere, no preferred leader in the quickstart: no note about either.
    expect(view.cluster.notes.filter((n) => /versions differ|preferred leader|certificate/.test(n))).toEqual([]);
  });

  it('--cert-warn 400d: cert-expiring on every controller, the earliest expiry named, degraded, exit 1', async () => {
    const { view, code } = await listJson(cluster, ['--cert-warn', '400d']);
    expect(code).toBe(EXIT.degraded);
    expect(view.cluster.verdict).toBe('degraded');
    for (const id of cluster.ids) {
      expect(rowOf(view, id).flags.map((f) => f.code)).toEqual(['cert-expiring']);
      expect(rowOf(view, id).flags[0]!.message).toMatch(
        /^its certificate expires at .*, in 36\dd, within --cert-warn 400d/,
      );
    }
    const earliest = view.cluster.earliestCertExpiry!;
    expect(view.cluster.reasons).toContain(
      `earliest certificate expiry: ${earliest.id} at ${earliest.at} (in ${Math.round(
        (Date.parse(earliest.at) - Date.parse(view.generatedAt)) / DAY,
      )}d, within --cert-warn 400d); certificates flagged: ctrl1, ctrl2, ctrl3`,
    );
  });

  it('-o prometheus carries each expiry in seconds, -o wide a CERT EXPIRES column', async () => {
    const { view } = await listJson(cluster);
    const metrics = (await zitiStatus(cluster, ['list', 'controllers', '-o', 'prometheus'])).stdout;
    for (const id of cluster.ids) {
      const seconds = Date.parse(rowOf(view, id).certExpiresAt!) / 1000;
      expect(metrics).toContain(
        `ziti_status_controller_cert_expiry_timestamp_seconds{controller="${id}"} ${seconds}\n`,
      );
    }
    const wide = (await zitiStatus(cluster, ['list', 'controllers', '-o', 'wide'])).stdout;
    expect(wide).toMatch(/ CERT EXPIRES +PREFERRED +REPLICAS +LAG$/m);
    expect(wide).toContain(rowOf(view, 'ctrl2').certExpiresAt!);
  });
});
