// The SPIFFE id read from a certificate's SAN list as Node prints it (src/client/peer-log.ts).
import { describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { spiffeIdOf } from '../../src/client/peer-log.js';
import { controllerPki, testPki } from '../helpers/pki.js';

describe('spiffeIdOf', () => {
  it("a real-shaped controller certificate's URI SAN", () => {
    const san = new X509Certificate(controllerPki().controller('ctrl2').cert).subjectAltName;
    expect(spiffeIdOf(san)).toBe('spiffe://ziti-status.test/controller/ctrl2');
  });

  it('no URI SAN, or none that is a SPIFFE id: null', () => {
    expect(spiffeIdOf(new X509Certificate(testPki().server.cert).subjectAltName)).toBe(null);
    expect(spiffeIdOf(undefined)).toBe(null);
    expect(spiffeIdOf('DNS:localhost, URI:https://example.test/x')).toBe(null);
  });

  it('a quoted value (one holding a comma) is unquoted; the first SPIFFE id wins; an endless one is refused', () => {
    expect(spiffeIdOf('DNS:a, URI:"spiffe://t/controller/a,b", URI:spiffe://t/controller/c')).toBe(
      'spiffe://t/controller/a,b',
    );
    expect(spiffeIdOf(`URI:spiffe://t/controller/${'x'.repeat(600)}`)).toBe(null);
  });
});
