// Stands in for node:http2 inside the bundled undici (scripts/bundle.mjs aliases it). undici's
// client requires node:http2 when it loads, for an HTTP/2 session ziti-status never opens
// (allowH2 stays off), and that require costs about 4 ms of every run: HTTP/2, TLS and
// fs/promises with it. Here loading waits until a session is actually opened. The constants are
// HTTP/2's own (RFC 9113 pseudo-headers, nghttp2 error codes); a test compares them with Node's.
'use strict';

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
  connect: (...args) => require('node:http2').connect(...args),
};
