// HTTPS serving: a CA-verifying client succeeds; broken server certificates and protocol mix-ups fail with Node's error
// codes; certificates shaped like a real cluster's, and a hung HTTPS node whose handshake never completes.
import { afterAll, describe, expect, it } from '@jest/globals';
import { X509Certificate, createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect as connectTls, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { Agent } from 'undici';
import type { SimCluster } from '../../src/sim/index.js';
import { controllerPki, testPki } from '../helpers/pki.js';
import type { ControllersBody, VersionBody } from './bodies.js';
import { agent, failureOf, send } from './helpers.js';
import { useResources } from './resources.js';

const pki = testPki();
const real = controllerPki();
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
    const version = await send<VersionBody>(`${c.url('ctrl2')}/edge/management/v1/version`, { dispatcher: trusting });
    expect(version.status).toBe(200);
    expect(version.body.data.apiVersions['edge-management']?.v1?.apiBaseUrls).toEqual([
      `${c.url('ctrl2')}/edge/management/v1`,
    ]);
    const rows = await send<ControllersBody>(`${c.url('ctrl1')}/edge/management/v1/controllers`, {
      dispatcher: trusting,
    });
    expect(
      rows.body.data.map(
        (r: { apiAddresses: Record<string, Array<{ url: string }>> }) => r.apiAddresses['edge-management']?.[0]?.url,
      ),
    ).toEqual([`${c.url('ctrl1')}/edge/management/v1`, `${c.url('ctrl2')}/edge/management/v1`]);
  });

  it('the certificate also names localhost (checked through the SNI name, still connecting to 127.0.0.1)', async () => {
    const c = await start({ nodes: 1 }, serverTls(pki.server));
    const asLocalhost = newAgent({ ca: pki.ca.cert, servername: 'localhost' });
    expect((await send(`${c.url('ctrl1')}/health-checks`, { dispatcher: asLocalhost })).status).toBe(200);
    const asOther = newAgent({ ca: pki.ca.cert, servername: 'other.example' });
    expect(await failureOf(send(`${c.url('ctrl1')}/health-checks`, { dispatcher: asOther }))).toBe(
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
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
    const c = await start(
      { nodes: 1 },
      { tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true } },
    );
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
    expect(await failureOf(send(`${c.url('ctrl1')}/edge/management/v1/version`, { dispatcher: systemTrustOnly }))).toBe(
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    );
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
    expect(
      await failureOf(send(`${tls}/edge/management/v1/version`, { dispatcher: newAgent({ ca: pki.ca.cert }) })),
    ).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    expect(c.requestLog('ctrl1')).toEqual([]); // the ClientHello is no HTTP request
  });
});

/**
 * A TLS connection to `id`, verifying against `ca`; resolves once the TCP connection is up (the handshake may
 * still be going on).
 */
async function tcpConnected(cluster: SimCluster, id: string, ca: string): Promise<TLSSocket> {
  const { hostname, port } = new URL(cluster.url(id));
  const socket = connectTls({ host: hostname, port: Number(port), ca, ALPNProtocols: ['http/1.1'] });
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

const sha1 = (der: Buffer) => createHash('sha1').update(der).digest('hex');

describe(
  "certificates shaped like a real cluster's " + '(controllerPki: RSA-4096 root -> intermediate -> one per controller)',
  () => {
    it('each node serves its own certificate and the intermediate; the chain verifies against the root', async () => {
      const c = await start({ nodes: 2 }, { tls: real.simTls() });
      const socket = await tcpConnected(c, 'ctrl2', real.root.cert);
      await once(socket, 'secureConnect');
      expect(socket.authorized).toBe(true);
      const leaf = socket.getPeerCertificate(true) as DetailedPeerCertificate;
      socket.destroy();
      expect(leaf.subject.CN).toBe('ctrl2');
      expect(leaf.bits).toBe(4096);
      expect(leaf.subjectaltname).toBe(
        'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, ' +
          'URI:spiffe://ziti-status.test/controller/ctrl2',
      );
      expect(leaf.issuerCertificate.subject.CN).toBe('ziti-status test intermediate CA ziti-status.test');
      expect(leaf.issuerCertificate.issuerCertificate.subject.CN).toBe('ziti-status test root CA ziti-status.test');
      expect(leaf.issuerCertificate.issuerCertificate.raw.equals(new X509Certificate(real.root.cert).raw)).toBe(true);
    });

    it('replica rows carry the certificate each node serves (its PEM) and SHA-1 of its DER', async () => {
      const c = await start(
        { controllers: [{ id: 'ctrl1' }, { id: 'ctrl2', name: 'second' }, { id: 'ctrl0', removed: true }] },
        { tls: real.simTls() },
      );
      const served = new Map<string, Buffer>();
      for (const id of ['ctrl1', 'ctrl2']) {
        const socket = await tcpConnected(c, id, real.root.cert);
        await once(socket, 'secureConnect');
        served.set(id, socket.getPeerCertificate().raw);
        socket.destroy();
      }
      const rows = await send<ControllersBody>(`${c.url('ctrl1')}/edge/management/v1/controllers`, {
        dispatcher: newAgent({ ca: real.root.cert }),
      });
      const byId = new Map(rows.body.data.map((r) => [r.id, r]));
      for (const [id, der] of served) {
        const row = byId.get(id)!;
        expect(row.fingerprint).toBe(sha1(der));
        expect(row.fingerprint).toMatch(/^[0-9a-f]{40}$/);
        expect(row.certPem).toBe(new X509Certificate(der).toString()); // the leaf alone, 64-column PEM
        expect(new X509Certificate(row.certPem).subject).toBe(`CN=${row.name}`); // name is the certificate's CN
      }
      expect(byId.get('ctrl2')!.name).toBe('second');
      // a removed controller keeps its row's certificate
      expect(byId.get('ctrl0')!.fingerprint).toBe(sha1(new X509Certificate(real.controller('ctrl0').cert).raw));
      expect(new Set([...byId.values()].map((r) => r.fingerprint)).size).toBe(3);
    });

    it('another trust domain is another PKI: its certificates do not verify under this root', async () => {
      const other = controllerPki('other.test');
      const c = await start({ nodes: 1 }, { tls: other.simTls() });
      expect(
        await failureOf(send(`${c.url('ctrl1')}/health-checks`, { dispatcher: newAgent({ ca: real.root.cert }) })),
      ).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
      expect(
        (await send(`${c.url('ctrl1')}/health-checks`, { dispatcher: newAgent({ ca: other.root.cert }) })).status,
      ).toBe(200);
      expect(other.controller('ctrl1').cert).not.toBe(real.controller('ctrl1').cert);
    });

    it('a node serving one shared key and certificate gives every row that certificate', async () => {
      const c = await start({ nodes: 2 }, serverTls(pki.server));
      const rows = await send<ControllersBody>(`${c.url('ctrl1')}/edge/management/v1/controllers`, {
        dispatcher: newAgent({ ca: pki.ca.cert }),
      });
      const fingerprint = sha1(new X509Certificate(pki.server.cert).raw);
      expect(rows.body.data.map((r: { fingerprint: string }) => r.fingerprint)).toEqual([fingerprint, fingerprint]);
    });
  },
);

describe('a hung HTTPS node (SIGSTOP: the kernel accepts the connection, nothing reads the ClientHello)', () => {
  it('completes the TCP connect but not the handshake; resume completes it and the request is answered', async () => {
    const c = await start({ nodes: 3 }, { tls: real.simTls() });
    c.hang('ctrl2');
    const held = once(c, 'hung-handshake');
    const socket = await tcpConnected(c, 'ctrl2', real.root.cert);
    expect(await held).toEqual(['ctrl2']);
    let secured = false;
    socket.once('secureConnect', () => (secured = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(secured).toBe(false);
    expect(c.requestLog('ctrl2')).toEqual([]);

    c.resume('ctrl2');
    await once(socket, 'secureConnect');
    socket.write('GET /health-checks HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n');
    const [answer] = (await once(socket, 'data')) as [Buffer];
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    socket.destroy();
  });

  it('a request on a connection made before the hang reaches the node and is parked, as on plain HTTP', async () => {
    const c = await start({ nodes: 3 }, { tls: real.simTls() });
    const keepAlive = new Agent({ connections: 1, connect: { ca: real.root.cert } });
    try {
      const url = `${c.url('ctrl2')}/health-checks`;
      expect((await send(url, { dispatcher: keepAlive })).status).toBe(200);
      c.hang('ctrl2');
      const swallowed = once(c, 'hung-request');
      const pending = send(url, { dispatcher: keepAlive });
      expect(await swallowed).toEqual(['ctrl2']);
      c.resume('ctrl2');
      expect((await pending).status).toBe(200);
    } finally {
      await keepAlive.close();
    }
  });

  it('kill drops held connections; the restarted node answers', async () => {
    const c = await start({ nodes: 3 }, { tls: real.simTls() });
    c.hang('ctrl3');
    const socket = await tcpConnected(c, 'ctrl3', real.root.cert);
    const closed = new Promise((resolve) => socket.once('close', resolve)); // reset: 'error' first
    await c.kill('ctrl3');
    await closed;
    await c.restart('ctrl3');
    expect(
      (await send(`${c.url('ctrl3')}/health-checks`, { dispatcher: newAgent({ ca: real.root.cert }) })).status,
    ).toBe(200);
  });
});
