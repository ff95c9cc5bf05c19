// Reads the PEM files behind --ca/--cert/--key (or their config and ziti-cli.json equivalents);
// an unreadable file is a usage error that names it, never a TLS failure later on.
import { readFile } from 'node:fs/promises';
import type { TlsOptions } from '../client/http-client.js';
import { UsageError } from '../errors.js';

export interface TlsFiles {
  ca: string | null;
  cert: string | null;
  key: string | null;
  insecure: boolean;
}

export async function readTlsFiles(files: TlsFiles): Promise<TlsOptions> {
  if ((files.cert === null) !== (files.key === null)) {
    throw new UsageError(
      files.cert === null
        ? '--key needs --cert: give the client certificate that goes with the key'
        : '--cert needs --key: give the private key of the client certificate',
    );
  }
  const [ca, cert, key] = await Promise.all([
    readPem(files.ca, 'CA bundle (--ca)', 'CERTIFICATE'),
    readPem(files.cert, 'client certificate (--cert)', 'CERTIFICATE'),
    readPem(files.key, 'private key (--key)', 'PRIVATE KEY'),
  ]);
  const tls: TlsOptions = { insecure: files.insecure };
  if (ca !== null) tls.ca = ca;
  if (cert !== null) tls.cert = cert;
  if (key !== null) tls.key = key;
  return tls;
}

async function readPem(path: string | null, what: string, marker: string): Promise<string | null> {
  if (path === null) return null;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read the ${what} '${path}' (${code}); check the path and its permissions`);
  }
  // Never echo the file: a key must not reach an error message.
  if (!text.includes(marker)) throw new UsageError(`the ${what} '${path}' is not PEM (no '${marker}' block found)`);
  return text;
}
