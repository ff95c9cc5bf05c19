// One request and its answer as a simulated node's routes see them, kept apart from the listener
// (node-server.ts) so the routes and the answer builders need not import the server.
import type { IncomingHttpHeaders } from 'node:http';
import type { PeerCert } from './users.js';

export interface Answer {
  status: number;
  body: string;
  /** Over the defaults (JSON content type, content length); a header set to '' is not sent at all. */
  headers?: Record<string, string>;
}

/** One request as the routes see it: the body already read, the client certificate already inspected. */
export interface Call {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client certificate presented on this connection (HTTPS only), or null. */
  peer: PeerCert | null;
  remoteAddress: string;
}
