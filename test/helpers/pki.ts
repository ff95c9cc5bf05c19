// Test PKIs made with the openssl CLI, once per test process: a CA with good and broken server
// certificates and a client certificate (EC, quick), and a controller PKI shaped like a real
// OpenZiti cluster's (RSA-4096 root -> intermediate -> one certificate per controller).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimTlsOptions } from '../../src/sim/index.js';

export interface KeyPair {
  certPath: string;
  keyPath: string;
  /** PEM */
  cert: string;
  /** PEM */
  key: string;
}

export interface TestPki {
  dir: string;
  /** CN "ziti-status test CA"; signs server, expired, wrongHost and client. */
  ca: KeyPair;
  /** SAN IP:127.0.0.1, DNS:localhost; valid now. */
  server: KeyPair;
  /** Same SANs, valid only during January 2020. */
  expired: KeyPair;
  /** SAN DNS:wrong.example only. */
  wrongHost: KeyPair;
  /** SAN IP:127.0.0.1, DNS:localhost, but self-signed (no CA). */
  selfSigned: KeyPair;
  /** CN admin-client, extendedKeyUsage clientAuth. */
  client: KeyPair;
}

// One config for every step: openssl's own default config differs between systems.
const CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
[wrong_host_ext]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
[client_ext]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
[ca]
default_ca = test_ca
[test_ca]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any_subject
unique_subject = no
[any_subject]
commonName = supplied
`;

const PREFIX = 'ziti-status-pki-';
const NAMES = ['ca', 'server', 'expired', 'wrong-host', 'self-signed', 'client'] as const;

// Jest gives every test file its own module registry and a sandboxed `process` whose 'exit' never
// fires, so "once per process" lives on disk: a directory named after this process (pid + start
// time), reused by the later test files of the same worker; directories of dead processes are swept.
const processDir = join(tmpdir(), `${PREFIX}${process.pid}-${Math.floor(performance.timeOrigin)}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sweepDeadProcesses(): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = new RegExp(`^${PREFIX}(\\d+)-\\d+$`).exec(entry)?.[1];
    if (pid !== undefined && join(tmpdir(), entry) !== processDir && !alive(Number(pid))) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}

let made: TestPki | undefined;

/** Writes every key and certificate into a fresh directory and returns it. */
function generate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ziti-status-pki-tmp-'));
  try {
    writeAll(dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

function writeAll(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(join(dir, 'openssl.cnf'), CONFIG);
  const key = (name: string) =>
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`);
  const csr = (name: string, cn: string) =>
    openssl(
      'req',
      '-new',
      '-config',
      'openssl.cnf',
      '-key',
      `${name}.key`,
      '-subj',
      `/CN=${cn}`,
      '-out',
      `${name}.csr`,
    );
  const sign = (name: string, ext: string) =>
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      // Longer than --cert-warn's 30 days: a server certificate of these tests is not the one expiring.
      '-days',
      '365',
      '-extfile',
      'openssl.cnf',
      '-extensions',
      ext,
      '-out',
      `${name}.pem`,
    );

  key('ca');
  openssl(
    'req',
    '-x509',
    '-new',
    '-config',
    'openssl.cnf',
    '-key',
    'ca.key',
    '-subj',
    '/CN=ziti-status test CA',
    '-days',
    '3650',
    '-extensions',
    'ca_ext',
    '-out',
    'ca.pem',
  );
  for (const [name, cn, ext] of [
    ['server', '127.0.0.1', 'server_ext'],
    ['wrong-host', 'wrong.example', 'wrong_host_ext'],
    ['client', 'admin-client', 'client_ext'],
  ] as const) {
    key(name);
    csr(name, cn);
    sign(name, ext);
  }
  // OpenSSL 3.0's `x509 -req` cannot back-date (-not_before/-not_after arrived in 3.4); `ca` takes explicit dates.
  key('expired');
  csr('expired', '127.0.0.1');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), `${randomBytes(8).toString('hex')}\n`);
  openssl(
    'ca',
    '-batch',
    '-config',
    'openssl.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-extensions',
    'server_ext',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
    '-notext',
    '-out',
    'expired.pem',
  );
  key('self-signed');
  openssl(
    'req',
    '-x509',
    '-new',
    '-config',
    'openssl.cnf',
    '-key',
    'self-signed.key',
    '-subj',
    '/CN=127.0.0.1',
    '-days',
    '365',
    '-extensions',
    'server_ext',
    '-out',
    'self-signed.pem',
  );
}

function load(dir: string): TestPki {
  const pair = (name: (typeof NAMES)[number]): KeyPair => {
    const certPath = join(dir, `${name}.pem`);
    const keyPath = join(dir, `${name}.key`);
    return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  };
  return {
    dir,
    ca: pair('ca'),
    server: pair('server'),
    expired: pair('expired'),
    wrongHost: pair('wrong-host'),
    selfSigned: pair('self-signed'),
    client: pair('client'),
  };
}

/** The test PKI, generated on first use in this process (a few EC keys: a fraction of a second) and then reused. */
export function testPki(): TestPki {
  if (made) return made;
  if (!existsSync(processDir)) {
    sweepDeadProcesses();
    // Generated aside and renamed into place, so a directory that exists is always complete.
    renameSync(generate(), processDir);
  }
  made = load(processDir);
  return made;
}

export interface ControllerPki {
  /** Every certificate's SPIFFE trust domain: the CAs carry URI:spiffe://<trustDomain>. */
  trustDomain: string;
  /** Self-signed root CA (what `--ca` names); its CN names the trust domain. */
  root: KeyPair;
  /** Intermediate CA under the root; signs every controller certificate and is served after it. */
  intermediate: KeyPair;
  /**
   * Controller `id`'s key and the chain it serves (its certificate, then the intermediate): CN
   * `name` (default the id), SANs DNS:localhost, IP:127.0.0.1, IP:::1 and
   * URI:spiffe://<trustDomain>/controller/<id>, as a real v2.0 controller's.
   */
  controller(id: string, name?: string): KeyPair;
  /** startCluster's `tls` with every node serving its own certificate from this PKI. */
  simTls(options?: Pick<SimTlsOptions, 'ca' | 'requestCert'>): SimTlsOptions;
}

// RSA-4096 keys cost 1-4 s each to make, so they are fixtures (see its README); certificates are made here.
const FIXTURE_KEYS = fileURLToPath(new URL('../fixtures/pki/', import.meta.url));

const controllerConfig = (trustDomain: string) => `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
subjectAltName = URI:spiffe://${trustDomain}
[intermediate_ext]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = URI:spiffe://${trustDomain}
[controller_ext]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

const controllerPkis = new Map<string, ControllerPki>();

/**
 * The controller PKI of `trustDomain` (letters, digits, dots and dashes), made on first use in
 * this process. Another trust domain is another cluster's PKI: different CAs (by name; the keys
 * are shared), so its certificates neither verify under this root nor share a fingerprint.
 * Every controller certificate shares one key (real controllers each have their own; nothing
 * here depends on it). A certificate is made once per (trust domain, id, name).
 */
export function controllerPki(trustDomain = 'ziti-status.test'): ControllerPki {
  if (!/^[a-z0-9.-]+$/.test(trustDomain))
    throw new Error(`trust domain ${JSON.stringify(trustDomain)}: use [a-z0-9.-]`);
  const known = controllerPkis.get(trustDomain);
  if (known) return known;
  const dir = join(testPki().dir, `controllers-${trustDomain}`);
  mkdirSync(dir, { recursive: true });
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const serial = () => `0x${randomBytes(8).toString('hex')}`;
  const keyOf = (name: string) => join(FIXTURE_KEYS, `${name}.key`);
  // Written aside and renamed into place: a file that exists is complete (jest runs test files of one process in turn).
  const made = (file: string, write: (tmp: string) => void) => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      const tmp = `${path}.${process.pid}.tmp`;
      write(tmp);
      renameSync(tmp, path);
    }
    return path;
  };
  const pair = (certPath: string, keyPath: string): KeyPair => ({
    certPath,
    keyPath,
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
  });

  const config = made('openssl.cnf', (tmp) => writeFileSync(tmp, controllerConfig(trustDomain)));
  const rootPath = made('root-ca.pem', (tmp) =>
    openssl(
      'req',
      '-x509',
      '-new',
      '-config',
      config,
      '-key',
      keyOf('root-ca'),
      '-subj',
      `/CN=ziti-status test root CA ${trustDomain}`,
      '-days',
      '3650',
      '-sha256',
      '-set_serial',
      serial(),
      '-extensions',
      'root_ext',
      '-out',
      tmp,
    ),
  );
  const intermediatePath = made('intermediate-ca.pem', (tmp) =>
    openssl(
      'req',
      '-x509',
      '-new',
      '-config',
      config,
      '-key',
      keyOf('intermediate-ca'),
      '-subj',
      `/CN=ziti-status test intermediate CA ${trustDomain}`,
      '-CA',
      rootPath,
      '-CAkey',
      keyOf('root-ca'),
      '-days',
      '3650',
      '-sha256',
      '-set_serial',
      serial(),
      '-extensions',
      'intermediate_ext',
      '-out',
      tmp,
    ),
  );
  const intermediate = pair(intermediatePath, keyOf('intermediate-ca'));

  const pki: ControllerPki = {
    trustDomain,
    root: pair(rootPath, keyOf('root-ca')),
    intermediate,
    controller(id, name = id) {
      const file = `controller-${Buffer.from(JSON.stringify([id, name])).toString('hex')}.chain.pem`;
      const chainPath = made(file, (tmp) => {
        const subject = `/CN=${name.replace(/[\\/+,=]/g, (c) => `\\${c}`)}`;
        const san =
          'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,' +
          `URI:spiffe://${trustDomain}/controller/${encodeURIComponent(id)}`;
        const leaf = openssl(
          'req',
          '-x509',
          '-new',
          '-config',
          config,
          '-key',
          keyOf('controller'),
          '-subj',
          subject,
          '-CA',
          intermediatePath,
          '-CAkey',
          keyOf('intermediate-ca'),
          '-days',
          '365',
          '-sha256',
          '-set_serial',
          serial(),
          '-extensions',
          'controller_ext',
          '-addext',
          san,
        );
        writeFileSync(tmp, `${leaf.toString('utf8')}${intermediate.cert}`);
      });
      return pair(chainPath, keyOf('controller'));
    },
    simTls: (options = {}) => ({ ...options, certFor: ({ id, name }) => pki.controller(id, name) }),
  };
  controllerPkis.set(trustDomain, pki);
  return pki;
}
