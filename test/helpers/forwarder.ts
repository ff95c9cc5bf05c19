// A TCP forwarder on loopback (node:net): listens on 127.0.0.1:`port` and pipes each connection to
// the next of `to` in turn, bytes untouched, so TLS passes through and the upstream's own
// certificate answers. What round-robin DNS or a TCP load balancer does to a published address.
import { afterEach } from '@jest/globals';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** Call at the top of a test file; every forwarder is closed (its connections ended) after each test. */
export function useForwarders(): (port: number, to: number[]) => Promise<Server> {
  const forwarders: { server: Server; sockets: Set<Socket> }[] = [];
  afterEach(async () => {
    for (const { server, sockets } of forwarders.splice(0)) {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  return async (port, to) => {
    const sockets = new Set<Socket>();
    let next = 0;
    const server = createServer((client) => {
      const upstream = connect(to[next++ % to.length]!, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
        s.once('close', () => sockets.delete(s));
      }
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    forwarders.push({ server, sockets });
    return server;
  };
}
