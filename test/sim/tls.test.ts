// HTTPS serving: a CA-verifying client succeeds; broken server certificates and protocol mix-ups fail with Node's error codes.
import { afterAll, describe, expect, it } from '@jest/globals';
import { testPki } from '../helpers/pki.js';
import { agent, failureOf, send } from './helpers.js';
import { useResources } from './resources.js';

const pki = testPki();
const { start, agent: newAgent } = useResources();
afterAll(async () => {
  await agent.close();
});

const serverTls = (pair: { key: string; cert: string }) => ({ tls: { key: pair.key, cert: pair.cert } });

describe('HTTPS', () => {
  it('every node serves HTTPS with the given certificate; urls and apiAddresses say https', async () => {
    const c = await start({ nodes: 2 }, serverTls(pki.server));
    const trusting = newAgent({ ca: pki.ca.cert });
    expect(c.url('ctrl1')).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(c.nodes.every((n) => n.url.startsWith('https://'))).toBe(true);
    const version = await send(`${c.url('ctrl2')}/edge/management/v1/version`, { dispatcher: trusting });
    expect(version.status).toBe(200);
    expect(version.body.data.apiVersions['edge-management'].v1.apiBaseUrls).toEqual([`${c.url('ctrl2')}/edge/management/v1`]);
    const rows = await send(`${c.url('ctrl1')}/edge/management/v1/controllers`, { dispatcher: trusting });
    expect(rows.body.data.map((r: { apiAddresses: Record<string, Array<{ url: string }>> }) => r.apiAddresses['edge-management']?.[0]?.url)).toEqual(
      [`${c.url('ctrl1')}/edge/management/v1`, `${c.url('ctrl2')}/edge/management/v1`],
    );
  });

  it('the certificate also names localhost (checked through the SNI name, still connecting to 127.0.0.1)', async () => {
    const c = await start({ nodes: 1 }, serverTls(pki.server));
    const asLocalhost = newAgent({ ca: pki.ca.cert, servername: 'localhost' });
    expect((await send(`${c.url('ctrl1')}/health-checks`, { dispatcher: asLocalhost })).status).toBe(200);
    const asOther = newAgent({ ca: pki.ca.cert, servername: 'other.example' });
    expect(await failureOf(send(`${c.url('ctrl1')}/health-checks`, { dispatcher: asOther }))).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('a restarted node serves HTTPS again on the same port', async () => {
    const c = await start({ nodes: 3 }, serverTls(pki.server));
    const trusting = newAgent({ ca: pki.ca.cert });
    const before = c.url('ctrl2');
    await c.kill('ctrl2');
    expect(await failureOf(send(`${before}/health-checks`, { dispatcher: trusting }))).toBe('ECONNREFUSED');
    await c.restart('ctrl2');
    expect(c.url('ctrl2')).toBe(before);
    expect((await send(`${before}/health-checks`, { dispatcher: trusting })).status).toBe(200);
  });

  it('requestCert asks for a client certificate but does not demand one', async () => {
    const c = await start({ nodes: 1 }, { tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true } });
    const anonymous = newAgent({ ca: pki.ca.cert });
    const withCert = newAgent({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
    expect((await send(`${c.url('ctrl1')}/health-checks`, { dispatcher: anonymous })).status).toBe(200);
    expect((await send(`${c.url('ctrl1')}/health-checks`, { dispatcher: withCert })).status).toBe(200);
  });
});

describe('certificate failures seen by a verifying client (Node error codes the client maps to messages)', () => {
  it.each([
    ['a self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'selfSigned'],
    ['an expired certificate', 'CERT_HAS_EXPIRED', 'expired'],
    ['a certificate for another host name', 'ERR_TLS_CERT_ALTNAME_INVALID', 'wrongHost'],
  ] as const)('%s fails with %s', async (_what, code, which) => {
    const c = await start({ nodes: 1 }, serverTls(pki[which]));
    const trusting = newAgent({ ca: pki.ca.cert });
    expect(await failureOf(send(`${c.url('ctrl1')}/edge/management/v1/version`, { dispatcher: trusting }))).toBe(code);
    expect(c.requestLog('ctrl1')).toEqual([]); // the handshake failed: no HTTP request reached the node
  });

  it('a certificate from a CA the client does not trust: UNABLE_TO_VERIFY_LEAF_SIGNATURE', async () => {
    const c = await start({ nodes: 1 }, serverTls(pki.server));
    const systemTrustOnly = newAgent();
    expect(await failureOf(send(`${c.url('ctrl1')}/edge/management/v1/version`, { dispatcher: systemTrustOnly }))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});

describe('protocol mix-ups', () => {
  it('plain HTTP to an HTTPS port: the server drops the connection (UND_ERR_SOCKET)', async () => {
    const c = await start({ nodes: 1 }, serverTls(pki.server));
    const plain = c.url('ctrl1').replace(/^https:/, 'http:');
    expect(await failureOf(send(`${plain}/edge/management/v1/version`))).toBe('UND_ERR_SOCKET');
    expect(c.requestLog('ctrl1')).toEqual([]);
  });

  it('HTTPS to a plain HTTP port: ERR_SSL_WRONG_VERSION_NUMBER', async () => {
    const c = await start({ nodes: 1 });
    const tls = c.url('ctrl1').replace(/^http:/, 'https:');
    expect(await failureOf(send(`${tls}/edge/management/v1/version`, { dispatcher: newAgent({ ca: pki.ca.cert }) }))).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    expect(c.requestLog('ctrl1')).toEqual([]); // the ClientHello is no HTTP request
  });
});
