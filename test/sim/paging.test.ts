// Paging and filtering of the simulated controllers list, with the real server's defaults and limits.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCluster, type SimCluster } from '../../src/sim/index.js';
import type { ApiErrorBody, ControllersBody } from './bodies.js';
import { agent, get, getOk } from './helpers.js';

let cluster: SimCluster;
let base: string;
beforeAll(async () => {
  cluster = await startCluster({ nodes: 12 });
  base = `${cluster.url('ctrl1')}/edge/management/v1/controllers`;
});
afterAll(async () => {
  await cluster.close();
  await agent.close();
});

/** What boltz turns a negative limit into (math.MaxInt64), exact: too large for a double. */
const MAX_INT64 = 9223372036854775807n;

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);

describe('controllers paging', () => {
  it('without limit answers the default page of 10 and the total of 12', async () => {
    const body = await getOk<ControllersBody>(base);
    expect(body.data).toHaveLength(10);
    expect(body.meta.pagination).toEqual({ limit: 10, offset: 0, totalCount: 12 });
  });

  it('limit=500 answers all 12', async () => {
    const body = await getOk<ControllersBody>(`${base}?limit=500`);
    expect(body.data).toHaveLength(12);
    expect(body.meta.pagination).toEqual({ limit: 500, offset: 0, totalCount: 12 });
  });

  it('limit=5&offset=10 answers the last 2, in stable id order', async () => {
    const all = ids(await getOk<ControllersBody>(`${base}?limit=500`));
    expect(all).toEqual([...all].sort());
    const last = await getOk<ControllersBody>(`${base}?limit=5&offset=10`);
    expect(ids(last)).toEqual(all.slice(10));
    expect(last.meta.pagination).toEqual({ limit: 5, offset: 10, totalCount: 12 });
    const pages = [0, 5, 10].map((offset) => getOk<ControllersBody>(`${base}?limit=5&offset=${offset}`));
    expect((await Promise.all(pages)).flatMap(ids)).toEqual(all);
  });

  it('limit=1000 is clamped to 500', async () => {
    const body = await getOk<ControllersBody>(`${base}?limit=1000`);
    expect(body.meta.pagination.limit).toBe(500);
    expect(body.data).toHaveLength(12);
  });

  it('an offset past the end answers an empty page with the real total', async () => {
    const body = await getOk<ControllersBody>(`${base}?offset=50`);
    expect(body.data).toEqual([]);
    expect(body.meta.pagination.totalCount).toBe(12);
  });

  // As v2.0.3 answered (test/fixtures/real-v2.0.3/controllers-bad-limit.json): go-openapi's 601.
  it.each(['limit=2.5', 'limit=ten', 'offset=1e3'])(
    '%s is a 601 COULD_NOT_VALIDATE naming the field',
    async (query) => {
      const reply = await get<ApiErrorBody>(`${base}?${query}`);
      const [field = '', value = ''] = query.split('=');
      expect(reply.status).toBe(601);
      expect(reply.body.error).toMatchObject({
        code: 'COULD_NOT_VALIDATE',
        cause: { field, value, reason: `${field} in query must be of type int64: "${value}"` },
      });
    },
  );

  it('a negative limit answers every row, unclamped; a negative offset is 0 (v2.0.3)', async () => {
    const all = await getOk<ControllersBody>(`${base}?limit=-1`);
    expect(all.data).toHaveLength(12);
    // boltz's math.MaxInt64; a JSON number is a double, so it reads as the nearest one (2**63).
    expect(all.meta.pagination.limit).toBe(Number(MAX_INT64));
    expect((await getOk<ControllersBody>(`${base}?offset=-3`)).meta.pagination).toEqual({
      limit: 10,
      offset: 0,
      totalCount: 12,
    });
  });

  it('honours the scenario pageLimitMax', async () => {
    const small = await startCluster({ nodes: 4, pageLimitMax: 3 });
    try {
      const body = await getOk<ControllersBody>(`${small.url('ctrl2')}/edge/management/v1/controllers?limit=500`);
      expect(body.meta.pagination).toEqual({ limit: 3, offset: 0, totalCount: 4 });
    } finally {
      await small.close();
    }
  });
});

describe('controllers filter', () => {
  it('supports id, name and isOnline joined with and', async () => {
    expect(ids(await getOk<ControllersBody>(`${base}?filter=${encodeURIComponent('id = "ctrl7"')}`))).toEqual([
      'ctrl7',
    ]);
    expect(
      ids(await getOk<ControllersBody>(`${base}?filter=${encodeURIComponent('name="ctrl3" and isOnline=true')}`)),
    ).toEqual(['ctrl3']);
    expect(
      ids(await getOk<ControllersBody>(`${base}?filter=${encodeURIComponent('name = "ctrl3" AND isOnline = false')}`)),
    ).toEqual([]);
    await cluster.kill('ctrl12');
    const offline = await getOk<ControllersBody>(`${base}?filter=${encodeURIComponent('isOnline = false')}`);
    expect(ids(offline)).toEqual(['ctrl12']);
    expect(offline.meta.pagination.totalCount).toBe(1);
  });

  it('ignores filters it does not understand (answers everything)', async () => {
    const body = await getOk<ControllersBody>(
      `${base}?limit=500&filter=${encodeURIComponent('fingerprint contains "ab"')}`,
    );
    expect(body.data).toHaveLength(12);
  });
});
