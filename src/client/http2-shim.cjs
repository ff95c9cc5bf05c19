// Stands in for node:http2 inside the bundled undici (scripts/bundle.mjs aliases it). undici's
// client requires node:http2 when it loads, and that require costs every run HTTP/2, and TLS with
// it: about 13 ms of a healthy three-node run over HTTP, 6 where TLS is loaded anyway
// (docs/design.md section 9, measured on the 2-core development machine while it ran slow). Here
// loading waits until a session is actually opened: over https, where a controller chooses h2 by
// ALPN (src/client/agent.ts), and then once per run; a run over plain http never loads it. The constants are HTTP/2's own (RFC 9113 pseudo-headers, nghttp2
// error codes), the ones undici reads; test/unit/library-internals.test.ts fails when undici
// reads anything else, or when these differ from Node's.
'use strict';

// A name, not a literal: the bundler aliases the literal 'node:http2' to this very file, and a
// session would then ask this file for itself, forever.
const HTTP2 = 'node:http2';

module.exports = {
  constants: {
    HTTP2_HEADER_AUTHORITY: ':authority',
    HTTP2_HEADER_METHOD: ':method',
    HTTP2_HEADER_PATH: ':path',
    HTTP2_HEADER_SCHEME: ':scheme',
    HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
    HTTP2_HEADER_EXPECT: 'expect',
    HTTP2_HEADER_STATUS: ':status',
    HTTP2_HEADER_PROTOCOL: ':protocol',
    NGHTTP2_REFUSED_STREAM: 7,
    NGHTTP2_CANCEL: 8,
  },
  connect: (...args) => require(HTTP2).connect(...args),
};
