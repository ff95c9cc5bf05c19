#!/usr/bin/env node
// The same sweep as scripts/yardstick.mjs, over undici loaded the way ziti-status loads it (the
// Agent and request() files, --liftoff-only), bodies parsed, nothing else. Not bundled and
// without a code cache: what undici alone costs a short run, next to node:http's floor.
// Usage: node scripts/yardstick-undici.cjs http://127.0.0.1:PORT
'use strict';
require('node:v8').setFlagsFromString('--liftoff-only');
const Agent = require('undici/lib/dispatcher/agent.js');
const request = require('undici/lib/api/api-request.js');

const PATHS = [
  '/edge/management/v1/version',
  '/health-checks',
  '/health-checks/controller/raft',
  '/fabric/v1/cluster/list-members',
  '/edge/management/v1/controllers?limit=500&offset=0',
];
const agent = new Agent({ connections: 16 });

async function get(origin, path) {
  try {
    const res = await request.call(agent, { origin, path, method: 'GET' });
    return JSON.parse(await res.body.text());
  } catch {
    return null;
  }
}

const sweep = (origin) => Promise.all(PATHS.map((path) => get(origin, path)));

(async () => {
  const first = new URL(process.argv[2]).origin;
  const [, , , , replica] = await sweep(first);
  const others = (replica?.data ?? [])
    .map((row) => new URL(row.apiAddresses['edge-management'][0].url).origin)
    .filter((o) => o !== first);
  await Promise.all(others.map(sweep));
  await agent.destroy();
  console.log(`swept ${others.length + 1} controllers`);
})();
