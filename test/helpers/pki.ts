// Test PKI made with the openssl CLI, once per test process: a CA, good and broken server certificates, a client certificate.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`);
  const csr = (name: string, cn: string) => openssl('req', '-new', '-config', 'openssl.cnf', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
  const sign = (name: string, ext: string) =>
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      '-days', '30', '-extfile', 'openssl.cnf', '-extensions', ext, '-out', `${name}.pem`);

  key('ca');
  openssl('req', '-x509', '-new', '-config', 'openssl.cnf', '-key', 'ca.key', '-subj', '/CN=ziti-status test CA', '-days', '3650', '-extensions', 'ca_ext', '-out', 'ca.pem');
  for (const [name, cn, ext] of [['server', '127.0.0.1', 'server_ext'], ['wrong-host', 'wrong.example', 'wrong_host_ext'], ['client', 'admin-client', 'client_ext']] as const) {
    key(name);
    csr(name, cn);
    sign(name, ext);
  }
  // OpenSSL 3.0's `x509 -req` cannot back-date (-not_before/-not_after arrived in 3.4); `ca` takes explicit dates.
  key('expired');
  csr('expired', '127.0.0.1');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), `${randomBytes(8).toString('hex')}\n`);
  openssl('ca', '-batch', '-config', 'openssl.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr', '-extensions', 'server_ext',
    '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-notext', '-out', 'expired.pem');
  key('self-signed');
  openssl('req', '-x509', '-new', '-config', 'openssl.cnf', '-key', 'self-signed.key', '-subj', '/CN=127.0.0.1', '-days', '30', '-extensions', 'server_ext', '-out', 'self-signed.pem');
}

function load(dir: string): TestPki {
  const pair = (name: (typeof NAMES)[number]): KeyPair => {
    const certPath = join(dir, `${name}.pem`);
    const keyPath = join(dir, `${name}.key`);
    return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  };
  return { dir, ca: pair('ca'), server: pair('server'), expired: pair('expired'), wrongHost: pair('wrong-host'), selfSigned: pair('self-signed'), client: pair('client') };
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
