// A real X.509 certificate for a simulated controller served over plain HTTP, where no PKI gives it
// one: self-signed (ECDSA P-256), CN = the controller's name, with the validity a scenario asks for.
// Node can parse certificates but not make them, so the DER is written here by hand: only the few
// ASN.1 types a version 1 certificate needs. Real controllers' rows carry real certificates
// (test/fixtures/real-v2.0.3/), and ziti-status reads their dates, so a random stand-in would not do.
import { type KeyObject, createHash, generateKeyPairSync, sign } from 'node:crypto';

export interface Validity {
  /** Epoch milliseconds; certificates keep whole seconds. */
  notBefore: number;
  notAfter: number;
}

let signingKey: { privateKey: KeyObject; spki: Buffer } | null = null;

/** One key for every simulated certificate of the process: a key pair per node buys nothing. */
function key(): { privateKey: KeyObject; spki: Buffer } {
  if (signingKey === null) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    signingKey = { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }) };
  }
  return signingKey;
}

/** DER of a self-signed certificate for `commonName`, valid over `validity`. */
export function selfSignedDer(commonName: string, validity: Validity): Buffer {
  const { privateKey, spki } = key();
  const ecdsaWithSha256 = seq(oid([1, 2, 840, 10045, 4, 3, 2]));
  const name = seq(set(seq(oid([2, 5, 4, 3]), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  // A serial that differs per name and validity, so two nodes never share a certificate. DER wants
  // it positive and minimal: a first byte of 0x40-0x7f is neither a sign bit nor a redundant zero.
  const serial = createHash('sha1').update(`${commonName}\u0000${validity.notBefore}\u0000${validity.notAfter}`);
  const serialBytes = serial.digest().subarray(0, 16);
  serialBytes[0] = (serialBytes[0]! & 0x3f) | 0x40;
  const tbs = seq(
    tlv(0x02, serialBytes),
    ecdsaWithSha256,
    name,
    seq(time(validity.notBefore), time(validity.notAfter)),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  return seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

/** PEM of a DER certificate, 64 columns as OpenSSL and Go write it. */
export function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function oid(arcs: number[]): Buffer {
  const bytes = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const group = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) group.unshift((rest & 0x7f) | 0x80);
    bytes.push(...group);
  }
  return tlv(0x06, Buffer.from(bytes));
}

// RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 (and before 1950).
function time(ms: number): Buffer {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = Number(iso.slice(0, 4));
  const utc = year >= 1950 && year < 2050;
  return tlv(utc ? 0x17 : 0x18, Buffer.from(`${utc ? digits.slice(2) : digits}Z`, 'ascii'));
}
