// The run's one undici Agent, one Pool per origin. Over https a controller speaks HTTP/2 (real
// controllers offer h2 by ALPN, as the simulator does): then a poll's requests share ONE
// connection, each a stream of its own, and watch's later polls reuse it while it stays open. Over plain http (the
// simulator without TLS) each request in flight has its own HTTP/1.1 connection, as before.
import type { Dispatcher } from 'undici';
import type { HandshakeWatch } from './handshake-watch.js';
import { Agent, Pool } from './undici-internals.js';

/** Streams one h2 connection carries at once (undici's own default is 100). */
const H2_STREAMS = 64;

export function createAgent(handshakes: HandshakeWatch): InstanceType<typeof Agent> {
  const agent = new Agent({
    connections: 16,
    pipelining: 1,
    allowH2: true,
    connect: handshakes.connect,
    // An https origin gets one connection: undici counts a connection busy while requests wait
    // for it, and would open one per request in flight before ALPN even chose h2. Its requests
    // wait for that connection and then share it; undici counts an h2 connection busy past its
    // `pipelining`, so that is the streams it may carry.
    factory: (origin, options) =>
      new Pool(
        origin,
        String(origin).startsWith('https:') ? { ...options, connections: 1, pipelining: H2_STREAMS } : options,
      ),
  });
  // A TLS server that chose HTTP/1.1 gets one request at a time: no HTTP/1.1 pipelining (its
  // requests then take turns on the one connection).
  agent.on('connect', (origin: URL, targets: readonly Dispatcher[]) => {
    const client = targets.at(-1) as Dispatcher & { pipelining?: number };
    if (origin.protocol === 'https:' && handshakes.protocolOf(origin.origin) !== 'h2') client.pipelining = 1;
  });
  return agent;
}
