#!/usr/bin/env node
// The floor for a sweep of a cluster over HTTPS: bare node:https GETs of the five endpoints
// ziti-status reads, on every controller (the first one, then those its replica names), with the
// same CA and a keep-alive agent, bodies parsed, nothing else; no ziti-status code. The HTTPS twin
// of scripts/yardstick.mjs. One TLS connection per controller (maxSockets 1), its five requests in
// turn on it: over HTTPS a handshake costs far more than a loopback round trip, so that is the
// quicker floor (--sockets 5 opens one per request, as a plain agent would).
// Usage: node scripts/yardstick-https.mjs https://127.0.0.1:PORT CA_FILE [--sockets N]
import { readFileSync } from 'node:fs';
import https from 'node:https';

const PATHS = [
  '/edge/management/v1/version',
  '/health-checks',
  '/health-checks/controller/raft',
  '/fabric/v1/cluster/list-members',
  '/edge/management/v1/controllers?limit=500&offset=0',
];
const sockets = process.argv.includes('--sockets') ? Number(process.argv[process.argv.indexOf('--sockets') + 1]) : 1;
const agent = new https.Agent({ keepAlive: true, maxSockets: sockets, ca: readFileSync(process.argv[3], 'utf8') });

function get(url) {
  return new Promise((resolve) => {
    https
      .get(url, { agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            resolve(null);
          }
        });
      })
      .on('error', () => resolve(null));
  });
}

const sweep = (origin) => Promise.all(PATHS.map((p) => get(origin + p)));

const first = new URL(process.argv[2]).origin;
const [, , , , replica] = await sweep(first);
const others = (replica?.data ?? [])
  .map((row) => new URL(row.apiAddresses['edge-management'][0].url).origin)
  .filter((o) => o !== first);
await Promise.all(others.map(sweep));
agent.destroy();
const answered = replica?.data?.length ?? 0;
console.log(`swept ${others.length + 1} controllers over HTTPS (the first replica lists ${answered})`);
