// The simulator's self-signed certificates (src/sim/certificate.ts): DER written by hand, so every
// one must parse as OpenSSL reads it, verify under its own key, and carry exactly the dates asked.
import { describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { selfSignedDer, toPem } from '../../src/sim/certificate.js';

const whole = (ms: number) => Math.floor(ms / 1000) * 1000;

describe('simulated certificates', () => {
  it('a thousand of them all parse and verify: serials stay minimal positive DER integers', () => {
    const notBefore = Date.parse('2026-12-01T00:00:00.123Z');
    for (let i = 0; i < 1000; i++) {
      const cert = new X509Certificate(
        toPem(selfSignedDer(`ctrl${i}`, { notBefore, notAfter: notBefore + i * 1000 + 1 })),
      );
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(cert.subject).toBe(`CN=ctrl${i}`);
    }
  });

  it('dates in whole seconds, UTCTime before 2050 and GeneralizedTime from then on, both read back', () => {
    for (const [from, to] of [
      ['1949-06-01T10:00:00Z', '2049-12-31T23:59:59Z'],
      ['2026-12-01T22:30:22.999Z', '2050-01-01T00:00:00Z'],
    ] as const) {
      const cert = new X509Certificate(
        toPem(selfSignedDer('x', { notBefore: Date.parse(from), notAfter: Date.parse(to) })),
      );
      expect(Date.parse(cert.validFrom)).toBe(whole(Date.parse(from)));
      expect(Date.parse(cert.validTo)).toBe(whole(Date.parse(to)));
    }
  });

  it('a long or non-ASCII name is encoded with long-form lengths and UTF-8', () => {
    const name = `ctrl-${'é'.repeat(300)}`;
    const cert = new X509Certificate(toPem(selfSignedDer(name, { notBefore: 0, notAfter: 1e12 })));
    expect(cert.subject).toBe(`CN=${name}`);
  });
});
