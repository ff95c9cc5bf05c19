// Preload for the benchmarks (node --require): counts the TLS handshakes a process makes from the
// outside, without changing the product. It wraps tls.connect (undici and node:https both call it
// through the module object) and, on each 'secureConnect', tells a full handshake from a resumed
// one (socket.isSessionReused()). Writes one JSON line to $TLS_COUNT_FILE at exit, and with
// TLS_COUNT_LIVE=1 one after every handshake too (watch mode never exits on its own).
'use strict';
const fs = require('node:fs');
const tls = require('node:tls');

const file = process.env.TLS_COUNT_FILE;
if (file) {
  const counts = { pid: process.pid, connections: 0, full: 0, resumed: 0 };
  const write = () => fs.appendFileSync(file, `${JSON.stringify(counts)}\n`);
  const connect = tls.connect;
  tls.connect = function countedConnect(...args) {
    const socket = connect.apply(this, args);
    counts.connections++;
    socket.once('secureConnect', () => {
      if (socket.isSessionReused()) counts.resumed++;
      else counts.full++;
      if (process.env.TLS_COUNT_LIVE === '1') write();
    });
    return socket;
  };
  process.on('exit', write);
}
