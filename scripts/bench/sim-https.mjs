#!/usr/bin/env node
// A simulated cluster over HTTPS for the benchmarks: an EC P-256 CA and one server certificate
// (SAN IP:127.0.0.1) made with the openssl CLI in a temp directory, served by every node (cheap
// handshakes, so the client's side is what a sweep measures). Prints "ca\t<file>" and then one
// "<id>\t<url>" line per node, and runs until SIGINT or SIGTERM. Needs `npm run build` (dist/).
// usage: node scripts/bench/sim-https.mjs <nodes>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, startCluster } from '../../dist/sim/index.js';

const nodes = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'ziti-status-bench-pki-'));
const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
writeFileSync(
  join(dir, 'server.ext'),
  'basicConstraints = CA:false\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\n' +
    'subjectAltName = IP:127.0.0.1, DNS:localhost\n',
);
const ecKey = (name) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
ecKey('ca.key');
ecKey('server.key');
openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=bench CA', '-days', '365', '-out', 'ca.crt');
openssl('req', '-new', '-key', 'server.key', '-subj', '/CN=bench controller', '-out', 'server.csr');
openssl(
  'x509',
  '-req',
  '-in',
  'server.csr',
  '-CA',
  'ca.crt',
  '-CAkey',
  'ca.key',
  '-CAcreateserial',
  '-days',
  '365',
  '-extfile',
  'server.ext',
  '-out',
  'server.crt',
);
const read = (name) => readFileSync(join(dir, name), 'utf8');
const cluster = await startCluster(parseScenario({ nodes }), {
  tls: { key: read('server.key'), cert: read('server.crt') },
});
process.stdout.write(`ca\t${join(dir, 'ca.crt')}\n`);
for (const node of cluster.nodes) process.stdout.write(`${node.id}\t${node.url}\n`);

const stop = async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
