#!/usr/bin/env node
// The floor for a sweep of a cluster: bare node:http GETs of the five endpoints ziti-status reads,
// on every controller (the first one, then those its replica names), bodies parsed, nothing else.
// Usage: node scripts/yardstick.mjs http://127.0.0.1:PORT
import http from 'node:http';

const PATHS = [
  '/edge/management/v1/version',
  '/health-checks',
  '/health-checks/controller/raft',
  '/fabric/v1/cluster/list-members',
  '/edge/management/v1/controllers?limit=500&offset=0',
];
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function get(url) {
  return new Promise((resolve) => {
    http
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
console.log(`swept ${others.length + 1} controllers`);
