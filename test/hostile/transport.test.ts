// Hostile controllers 2/4: sockets and TLS that never carry an HTTP exchange (offline, `unreachable`,
// the failure named).
import { expect } from '@jest/globals';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as connectNet, createServer as createNetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { drip, notHttp, resetMidBody, silent } from './behaviours.js';
import { hostileCases, rowOf, type HostileCase } from './harness.js';

const AT = /at http:\/\/127\.0\.0\.1:\d+/.source;
const unreachable = (detail: string) => new RegExp(`^no HTTP exchange succeeded: ${detail}`);
// A replacement server is never meant to be reached: the handshake must fail first.
const never = (_req: unknown, res: { statusCode: number; end(): void }) => {
  res.statusCode = 500;
  res.end();
};
const httpsWith = (pair: { key: string; cert: string }) => createHttpsServer({ key: pair.key, cert: pair.cert }, never);
const handshakeHang = unreachable(
  'TLS handshake with https://127\\.0\\.0\\.1:\\d+ not completed within the 1000 ms deadline',
);

/**
 * Relays a TLS handshake between the client and `upstream` until the server's first record (its
 * ServerHello) has reached the client, then stops relaying either way and leaves both sockets
 * open: the client has begun a handshake that never completes.
 */
function stallAfterServerHello(upstreamPort: number) {
  return createNetServer((client: Socket) => {
    const server = connectNet(upstreamPort, '127.0.0.1');
    server.on('error', () => {});
    client.once('close', () => server.destroy());
    client.on('data', (chunk: Buffer) => server.write(chunk));
    let pending = Buffer.alloc(0);
    const onServerData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 5) return;
      const recordEnd = 5 + pending.readUInt16BE(3); // type (1), version (2), length (2), body
      if (pending.length < recordEnd) return;
      client.write(pending.subarray(0, recordEnd));
      server.off('data', onServerData);
      client.removeAllListeners('data');
      server.pause();
      client.pause();
    };
    server.on('data', onServerData);
  });
}

const cases: HostileCase[] = [
  {
    name: 'a body dripped one byte per 100 ms (ends at the deadline)',
    slow: true,
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', drip(100)),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'timeout',
      message: unreachable('no answer from http://127\\.0\\.0\\.1:\\d+ within the 1000 ms deadline'),
    },
  },
  {
    name: 'headers never sent (ends at the deadline)',
    slow: true,
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', silent),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'timeout',
      message: unreachable('no answer from http://127\\.0\\.0\\.1:\\d+ within the 1000 ms deadline'),
    },
  },
  {
    name: 'connection reset mid-body',
    arrange: ({ cluster }) => {
      cluster.setRawHandler('ctrl3', resetMidBody);
      // It spoke HTTP: no "http:// to an HTTPS port?" guess (the message said so before).
      return ({ view }) => expect(rowOf(view, 'ctrl3').error).not.toMatch(/HTTPS port/);
    },
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'reset',
      message: unreachable(`connection closed mid-response after \\d+ bytes \\(UND_ERR_SOCKET\\) ${AT}`),
    },
  },
  {
    name: 'a non-HTTP service on the port (an SSH banner on connect)',
    arrange: ({ replaceCtrl3 }) =>
      replaceCtrl3(
        createNetServer((socket) => {
          socket.write('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n');
          socket.once('data', () => socket.end());
        }),
      ),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'protocol',
      message: unreachable(`not an HTTP server \\(unparseable response\\) ${AT}`),
    },
  },
  {
    name: 'bytes that are not HTTP in answer to a request',
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', notHttp),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'protocol',
      message: unreachable(`not an HTTP server \\(unparseable response\\) ${AT}`),
    },
  },
  {
    name: 'HTTP spoken to an HTTPS port',
    arrange: ({ replaceCtrl3, pki }) => replaceCtrl3(httpsWith(pki.server)),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'reset',
      message: unreachable(
        `connection reset \\(UND_ERR_SOCKET\\) ${AT} \\(http:// to an HTTPS port\\? try https://\\)`,
      ),
    },
  },
  {
    name: 'HTTPS spoken to an HTTP port',
    tls: true,
    arrange: ({ replaceCtrl3 }) => replaceCtrl3(createHttpServer(never)),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'tls',
      message: unreachable(
        'TLS failed at https://127\\.0\\.0\\.1:\\d+: not a TLS server ' +
          '\\(https:// to a plain HTTP port\\? try http://\\) \\(ERR_SSL_WRONG_VERSION_NUMBER\\)',
      ),
    },
  },
  {
    name: 'a self-signed certificate (not under --ca)',
    tls: true,
    arrange: ({ replaceCtrl3, pki }) => replaceCtrl3(httpsWith(pki.selfSigned)),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'tls',
      message: unreachable(
        'TLS failed at https://\\S+: certificate signed by an unknown authority \\(self-signed\\); ' +
          'give the CA with --ca \\(DEPTH_ZERO_SELF_SIGNED_CERT\\)',
      ),
    },
  },
  {
    name: 'an expired certificate',
    tls: true,
    arrange: ({ replaceCtrl3, pki }) => replaceCtrl3(httpsWith(pki.expired)),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'tls',
      message: unreachable('TLS failed at https://\\S+: certificate has expired \\(CERT_HAS_EXPIRED\\)'),
    },
  },
  {
    name: 'a certificate for another host name',
    tls: true,
    arrange: ({ replaceCtrl3, pki }) => replaceCtrl3(httpsWith(pki.wrongHost)),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'tls',
      message: unreachable(
        'TLS failed at https://\\S+: certificate is not valid for this host name \\(ERR_TLS_CERT_ALTNAME_INVALID\\)',
      ),
    },
  },
  {
    name: 'a port that accepts TCP but never answers the ClientHello (a SIGSTOPped controller; ends at the deadline)',
    tls: true,
    slow: true,
    arrange: ({ replaceCtrl3 }) => replaceCtrl3(createNetServer({ pauseOnConnect: true }, () => {})),
    expect: { status: 'offline', flag: 'unreachable', kind: 'timeout', message: handshakeHang },
  },
  {
    name: 'a TLS handshake that stalls after the ServerHello (ends at the deadline)',
    tls: true,
    slow: true,
    arrange: async ({ replaceCtrl3, listen, pki }) => {
      const upstream = await listen(createTlsServer({ key: pki.server.key, cert: pki.server.cert }));
      await replaceCtrl3(stallAfterServerHello(upstream));
    },
    expect: { status: 'offline', flag: 'unreachable', kind: 'timeout', message: handshakeHang },
  },
  {
    name: "a hung HTTPS controller (the simulator's SIGSTOP: the handshake waits; ends at the deadline)",
    tls: true,
    slow: true,
    arrange: ({ cluster }) => cluster.hang('ctrl3'),
    expect: { status: 'offline', flag: 'unreachable', kind: 'timeout', message: handshakeHang },
  },
  {
    name: 'HTTPS headers never sent after a completed handshake: no answer, not a handshake (ends at the deadline)',
    tls: true,
    slow: true,
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', silent),
    expect: {
      status: 'offline',
      flag: 'unreachable',
      kind: 'timeout',
      message: unreachable('no answer from https://127\\.0\\.0\\.1:\\d+ within the 1000 ms deadline'),
    },
  },
];

hostileCases(cases);
