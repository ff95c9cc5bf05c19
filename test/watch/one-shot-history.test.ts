// The latency history between single runs: an answer far slower than usual is flagged, and every
// run adds its latencies for the next.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyDir, listJson } from '../helpers/cli.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();

function cacheWith(origin: string, samples: number[]): string {
  const cache = emptyDir();
  mkdirSync(join(cache, 'ziti-status'), { recursive: true });
  const history = { version: 1, controllers: { [origin]: { samples, updatedAt: new Date().toISOString() } } };
  writeFileSync(join(cache, 'ziti-status', 'latency-v1.json'), JSON.stringify(history));
  return cache;
}

describe('latency history in single runs', () => {
  it(
    'a controller that usually answers in 5 ms and now takes 400 ms is flagged slow; the run records its ' +
      'latencies',
    async () => {
      const c = await start({ nodes: 3 });
      const ctrl3 = new URL(c.url('ctrl3')).origin;
      const cache = cacheWith(ctrl3, Array(20).fill(5));
      c.setLatency('ctrl3', 400);
      const { view, code } = await listJson([c.url('ctrl1')], [], { env: { XDG_CACHE_HOME: cache } });
      const row = view.controllers.find((r) => r.id === 'ctrl3')!;
      expect(row.status).toBe('online');
      expect(row.flags).toEqual([
        {
          code: 'slow',
          message: expect.stringMatching(
            /^answered only after \d+ ms, far beyond its usual latency \(slow after 250 ms\)$/,
          ),
        },
      ]);
      expect(code).toBe(1);
      const saved = JSON.parse(readFileSync(join(cache, 'ziti-status', 'latency-v1.json'), 'utf8'));
      expect(saved.controllers[ctrl3].samples).toHaveLength(21);
      expect(Object.keys(saved.controllers)).toHaveLength(3);
    },
  );

  it('without history nothing is called slow', async () => {
    const c = await start({ nodes: 3 });
    c.setLatency('ctrl3', 400);
    const { view } = await listJson([c.url('ctrl1')], [], { env: { XDG_CACHE_HOME: emptyDir() } });
    expect(view.cluster.verdict).toBe('healthy');
  });
});
