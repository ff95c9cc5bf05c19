// Types for the two undici files http-client.ts imports directly instead of the package index (see
// there why). Both are the objects the index re-exports, so undici's own types describe them.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  /** Dispatcher.prototype.request before the index attaches it: call it with the dispatcher as `this`. */
  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export default request;
}

declare module 'undici/lib/core/connect.js' {
  import type { Socket } from 'node:net';
  import type { buildConnector } from 'undici';
  /** undici's connector factory; the connector it builds returns the socket it opens (undici's own types say void). */
  function build(options?: buildConnector.BuildOptions): (options: buildConnector.Options, callback: buildConnector.Callback) => Socket;
  export default build;
}
