// The one module that reaches into undici's own files instead of its index, and why it may:
// undici's index loads all of undici (fetch, WebSocket, cookies, caches, mocks) and with it Node's
// own bundled copy of undici, web streams and worker threads. A run needs only the Agent, the Pool
// it makes per origin, its request() and its connector. Through the index, a healthy three-node
// run took 42 to 58 ms longer, a quarter of it, on the 2-core development machine (docs/design.md section 9).
// Each file below is the very object the index exports, so undici's public types describe it;
// test/unit/library-internals.test.ts fails, naming the path, when one moves or stops being that
// object. The paths are pinned with the exact undici version in package.json.
import AgentClass from 'undici/lib/dispatcher/agent.js';
import PoolClass from 'undici/lib/dispatcher/pool.js';
import apiRequest from 'undici/lib/api/api-request.js';
import connectorFactory from 'undici/lib/core/connect.js';

/** undici's Agent (the index's `Agent`). */
export const Agent = AgentClass;

/** undici's Pool (the index's `Pool`): the Agent's factory makes one per origin. */
export const Pool = PoolClass;

/** Dispatcher.prototype.request before the index attaches it: call it with the Agent as `this`. */
export const request = apiRequest;

/** undici's `buildConnector`; the connector it builds returns the socket it opens. */
export const buildConnector = connectorFactory;
