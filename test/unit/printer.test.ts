// pickPrinter, cell by cell of the decision table in src/render/printer.ts, with a fake stream: every
// combination prints what it says or is refused with a UsageError naming what works.
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import type { AuditEvent } from '../../src/audit-event.js';
import { UsageError } from '../../src/errors.js';
import type { ClusterView } from '../../src/model.js';
import { defaultFormat, pickPrinter, type PrintRequest } from '../../src/render/printer.js';
import type { OutputFormat, RenderContext } from '../../src/render/render-context.js';
import { clusterView, controller, fakeOut, NOW } from './view-fixture.js';

const ALT_ON = '\u001b[?1049h';
const ALT_OFF = '\u001b[?1049l';
const EVENT: AuditEvent = {
  time: NOW.toISOString(),
  kind: 'verdict',
  before: null,
  after: 'healthy',
  evidence: 'consensus leader backed by a quorum',
};

const request = (over: Partial<PrintRequest> = {}): PrintRequest => ({
  format: 'table',
  zitiCompat: false,
  noHeaders: false,
  mode: 'once',
  events: false,
  ...over,
});
const contextFor = (tty: boolean): RenderContext => ({ colorLevel: 0, now: NOW, tty, columns: 120, intervalMs: 1000 });

/** Prints `views` (two ticks by default in watch mode) through pickPrinter, closes, returns what was written. */
async function print(
  over: Partial<PrintRequest>,
  tty: boolean,
  views: ClusterView[] = over.mode === 'watch' ? [clusterView(), clusterView()] : [clusterView()],
) {
  const out = fakeOut(tty);
  const printer = pickPrinter(request(over), out, contextFor(tty));
  for (const view of views) await printer.show(view, [EVENT]);
  printer.close();
  printer.close();
  return out.text();
}

function refusal(over: Partial<PrintRequest>, tty: boolean): UsageError {
  const out = fakeOut(tty);
  try {
    pickPrinter(request(over), out, contextFor(tty));
  } catch (err) {
    expect(out.text()).toBe('');
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error(`not refused: ${JSON.stringify(over)} tty=${tty}`);
}

const HEADERLESS: OutputFormat[] = ['json', 'ndjson', 'yaml', 'prometheus'];
const ALL: OutputFormat[] = ['table', 'wide', 'plain', 'csv', 'json', 'ndjson', 'yaml', 'prometheus'];

describe('pickPrinter: --events', () => {
  it.each(ALL)('once with -o %s: refused, --watch is needed', (format) => {
    expect(refusal({ events: true, format }, false).message).toMatch(/--events only work with --watch/);
  });

  it.each([
    ['ndjson', true],
    ['ndjson', false],
    ['json', true],
    ['json', false],
  ] as const)('watch with -o %s (terminal %s): one JSON line per change, no views', async (format, tty) => {
    const text = await print({ mode: 'watch', events: true, format }, tty);
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ).toEqual([EVENT, EVENT]);
  });

  it.each(ALL.filter((f) => f !== 'json' && f !== 'ndjson').flatMap((f) => [[f, true] as const, [f, false] as const]))(
    'watch with -o %s (terminal %s): refused',
    (format, tty) => {
      expect(refusal({ mode: 'watch', events: true, format }, tty).message).toMatch(
        new RegExp(`--events prints one JSON line per change; drop --output ${format}`),
      );
    },
  );

  it.each([true, false])('watch with --no-headers or --ziti-compat (terminal %s): refused', (tty) => {
    expect(refusal({ mode: 'watch', events: true, format: 'ndjson', noHeaders: true }, tty).message).toMatch(
      /--no-headers .*--events has no header line/,
    );
    expect(refusal({ mode: 'watch', events: true, format: 'ndjson', zitiCompat: true }, tty).message).toMatch(
      /give one of them/,
    );
  });
});

describe('pickPrinter: --ziti-compat', () => {
  it.each([true, false])("once with -o table (terminal %s): ziti's table and footer", async (tty) => {
    const lines = (await print({ zitiCompat: true }, tty)).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^╭─+┬/);
    expect(lines[1]).toBe(
      '│ ID    │ NAME  │ LAST CONNECTED           │ ' +
        'ISONLINE (ONLY VALID IF CLUSTER HAS LEADER) │ PREFERRED LEADER │',
    );
    expect(lines[3]).toBe(
      '│ ctrl1 │ ctrl1 │ 2026-11-26T11:00:00.000Z │ ' +
        'true                                        │ true             │',
    );
    expect(lines.at(-1)).toBe('results: 1-3 of 3');
  });

  it('once with --no-headers: the same table without its header row and rule', async () => {
    const lines = (await print({ zitiCompat: true, noHeaders: true }, false)).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^╭─+┬/);
    expect(lines[1]).toBe('│ ctrl1 │ ctrl1 │ 2026-11-26T11:00:00.000Z │ true │ true  │');
    expect(lines).toHaveLength(6);
    expect(lines.join('\n')).not.toContain('ISONLINE');
  });

  it.each(ALL.filter((f) => f !== 'table'))('once with -o %s: refused', (format) => {
    expect(refusal({ zitiCompat: true, format }, false).message).toMatch(
      new RegExp(`--ziti-compat prints ziti's table; drop --output ${format}`),
    );
  });

  it.each(ALL.flatMap((f) => [[f, true] as const, [f, false] as const]))(
    'watch with -o %s (terminal %s): refused, ziti has no watch',
    (format, tty) => {
      expect(refusal({ zitiCompat: true, mode: 'watch', format }, tty).message).toMatch(
        /--ziti-compat prints ziti's table once.*drop --watch/,
      );
    },
  );
});

describe('pickPrinter: --no-headers', () => {
  it.each(HEADERLESS.flatMap((f) => [[f, 'once'] as const, [f, 'watch'] as const]))(
    '-o %s (%s): refused, no header line',
    (format, mode) => {
      expect(refusal({ noHeaders: true, format, mode }, false).message).toBe(
        `--no-headers is for table, wide, plain and csv; -o ${format} has no header line`,
      );
    },
  );

  it.each(['table', 'wide', 'plain'] as const)('once -o %s: rows without the header line', async (format) => {
    const text = await print({ format, noHeaders: true }, false);
    expect(text.split('\n')[0]).toMatch(/^ctrl1\s+ctrl1\s+online/);
    expect(text).not.toMatch(/STATUS/);
  });

  it('once -o csv: rows without the header line', async () => {
    expect((await print({ format: 'csv', noHeaders: true }, false)).split('\r\n')[0]).toMatch(
      /^ctrl1,ctrl1,online,true,true,4,/,
    );
  });

  it.each([true, false])('watch -o table (terminal %s): frames without the header line', async (tty) => {
    const text = await print({ format: 'table', noHeaders: true, mode: 'watch' }, tty);
    expect(text).toContain('ctrl1  ctrl1  online');
    expect(text).not.toMatch(/LAST ANSWER/);
  });
});

describe('pickPrinter: single runs', () => {
  it.each([true, false])('-o table (terminal %s): the table, summary and reasons, nothing else', async (tty) => {
    const text = await print({ format: 'table' }, tty);
    expect(text).toMatch(/^ID +NAME +STATUS +LEADER +REACHABLE +LAST JOINED +VIEWS +FLAGS\n/);
    expect(text).toContain('verdict: HEALTHY');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('LAST ANSWER');
  });

  it("times count from the view's generatedAt, not from the context built before the poll", async () => {
    const out = fakeOut(true);
    const beforeThePoll = new Date(Date.parse(NOW.toISOString()) - 5000);
    const answeredDuringIt = clusterView([
      controller('ctrl1', { lastJoinedAt: new Date(Date.parse(NOW.toISOString()) - 2000).toISOString() }),
    ]);
    await pickPrinter(request({ format: 'table' }), out, { ...contextFor(true), now: beforeThePoll }).show(
      answeredDuringIt,
      [],
    );
    expect(out.text()).toMatch(/^ctrl1 .* just now /m);
    expect(out.text()).not.toContain('clock skew');
  });

  it('-o wide: the wide columns (piped: the certificate expiry as RFC 3339; only ctrl1 is preferred)', async () => {
    expect(await print({ format: 'wide' }, false)).toMatch(
      /^ctrl2 .* https:\/\/ctrl2\.example:1280 +v2\.0\.3 +abababababab +2027-11-26T12:00:00\.000Z +- +ctrl1:on ctrl2:on ctrl3:on +0$/m,
    );
  });

  it('-o plain: tab-separated with # summary lines', async () => {
    const lines = (await print({ format: 'plain' }, false)).trimEnd().split('\n');
    expect(lines[0]).toBe('ID\tNAME\tSTATUS\tLEADER\tREACHABLE\tLAST JOINED\tVIEWS\tFLAGS');
    expect(lines[1]).toBe('ctrl1\tctrl1\tonline\tleader\tyes 4ms\t2026-11-26T11:00:00.000Z\t3/3\t-');
    expect(lines.at(-1)).toMatch(/^# verdict: healthy/);
  });

  it('-o csv: RFC 4180 with the raw header', async () => {
    expect((await print({ format: 'csv' }, false)).split('\r\n')[0]).toBe(
      'id,name,status,is_leader,reachable,latency_ms,last_joined_at,agreeing_replicas,replicas,flags,error',
    );
  });

  it('-o json: one indented document', async () => {
    const text = await print({ format: 'json' }, true);
    expect(text).toContain('\n  "schemaVersion": 1');
    expect(JSON.parse(text)).toEqual(clusterView());
  });

  it('-o ndjson: one JSON view on one line', async () => {
    const text = await print({ format: 'ndjson' }, false);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toEqual(clusterView());
  });

  it('-o yaml: one document', async () => {
    const docs = parseAllDocuments(await print({ format: 'yaml' }, false));
    expect(docs.map((d) => (d as { toJS(): unknown }).toJS())).toEqual([clusterView()]);
  });

  it('-o prometheus: one exposition', async () => {
    expect(await print({ format: 'prometheus' }, false)).toMatch(
      /^ziti_status_cluster_verdict\{verdict="healthy"\} 1$/m,
    );
  });
});

describe('pickPrinter: watch', () => {
  it.each([
    ['json', true],
    ['json', false],
    ['ndjson', true],
    ['ndjson', false],
  ] as const)('-o %s (terminal %s): one compact JSON view per line, no screen control', async (format, tty) => {
    const text = await print({ mode: 'watch', format }, tty);
    expect(text).not.toContain(ALT_ON);
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([clusterView(), clusterView()]);
  });

  it.each(['table', 'wide'] as const)('-o %s on a terminal: the live screen, left when closed', async (format) => {
    const text = await print({ mode: 'watch', format }, true);
    expect(text.startsWith(ALT_ON)).toBe(true);
    expect(text.endsWith(ALT_OFF)).toBe(true);
    expect(text.split(ALT_OFF)).toHaveLength(2); // close() twice leaves it once
    expect(text).toContain('ziti-status: watching every 1s, 2026-11-26T12:00:00.000Z  (Ctrl-C to stop)');
    expect(text).toContain('LAST ANSWER');
    expect(text.includes('FINGERPRINT')).toBe(format === 'wide');
  });

  it.each(['table', 'wide'] as const)('-o %s piped: one headed table per tick, no screen control', async (format) => {
    const text = await print({ mode: 'watch', format }, false, [
      clusterView(),
      clusterView(undefined, '2026-11-26T12:00:01.000Z'),
    ]);
    expect(text).not.toContain('\u001b');
    expect(text.match(/^ziti-status: watching every 1s, .*Z$/gm)).toEqual([
      'ziti-status: watching every 1s, 2026-11-26T12:00:00.000Z',
      'ziti-status: watching every 1s, 2026-11-26T12:00:01.000Z',
    ]);
    expect(text.match(/^ID +NAME .*LAST ANSWER$/gm)).toHaveLength(2);
    expect(text.includes('FINGERPRINT')).toBe(format === 'wide');
  });

  it('-o yaml: one --- document per tick', async () => {
    const docs = parseAllDocuments(await print({ mode: 'watch', format: 'yaml' }, true));
    expect(docs.map((d) => (d as { toJS(): unknown }).toJS())).toEqual([clusterView(), clusterView()]);
  });

  it.each(['plain', 'csv'].flatMap((f) => [[f, true] as const, [f, false] as const]))(
    '-o %s (terminal %s): refused with a hint to -o ndjson',
    (format, tty) => {
      expect(refusal({ mode: 'watch', format: format as OutputFormat }, tty).message).toMatch(
        new RegExp(`--watch cannot stream -o ${format}.*drop --output ${format}.*-o ndjson`),
      );
    },
  );

  it.each([true, false])('-o prometheus (terminal %s): refused with a hint to serve', (tty) => {
    expect(refusal({ mode: 'watch', format: 'prometheus' }, tty).message).toMatch(/ziti-status serve/);
  });
});

describe('watch frames mark what changed, and only that', () => {
  const long = (extra = {}) =>
    clusterView([
      controller('ctrl1'),
      controller('ctrl2', { name: 'a-very-long-controller-name-that-the-screen-truncates', ...extra }),
      controller('ctrl3'),
    ]);
  /** Each frame's text (one write per frame), for views shown one after another. */
  const frames = async (views: ClusterView[], tty: boolean) => {
    const out = fakeOut(tty);
    const printer = pickPrinter(request({ mode: 'watch' }), out, contextFor(tty));
    for (const view of views) await printer.show(view, []);
    printer.close();
    return out.chunks.filter((c) => c.includes('verdict:'));
  };

  it.each([true, false])('a long name that stays the same is not marked (terminal %s)', async (tty) => {
    const [, second] = await frames([long(), long()], tty);
    expect(second).toContain('a-very-long-control…');
    expect(second).not.toContain('*');
  });

  it('a terminal resized between frames marks nothing', async () => {
    let width = 120;
    const views = [long(), long()];
    const out: string[] = [];
    const printer = pickPrinter(
      request({ mode: 'watch' }),
      {
        write: (s: string) => out.push(s),
        isTTY: true,
        get columns() {
          return width;
        },
      },
      contextFor(true),
    );
    await printer.show(views[0]!, []);
    width = 200;
    await printer.show(views[1]!, []);
    printer.close();
    expect(out.at(-2)).toContain('a-very-long-controller-name-that…');
    expect(out.at(-2)).not.toContain('*');
  });

  it('a changed status, name or flag is marked; latency and times, which move every tick, are not', async () => {
    const before = clusterView([controller('ctrl1'), controller('ctrl2'), controller('ctrl3')]);
    const after = clusterView(
      [
        controller('ctrl1', { latencyMs: 9, lastAnsweredAt: '2026-11-26T12:00:04.000Z' }),
        controller('ctrl2', { status: 'offline', flags: [{ code: 'unreachable', message: 'no answer' }] }),
        controller('ctrl3', { name: 'renamed' }),
      ],
      '2026-11-26T12:00:05.000Z',
    );
    const [, second] = await frames([before, after], true);
    const line = (id: string) => second!.split('\n').find((l) => l.startsWith(`${id} `))!;
    expect(line('ctrl1')).not.toContain('*');
    expect(line('ctrl2')).toMatch(/offline\*.*unreachable\*/);
    expect(line('ctrl3')).toMatch(/renamed\*/);
  });

  it('with colour a change is inverted rather than starred', async () => {
    const out = fakeOut(true);
    const printer = pickPrinter(request({ mode: 'watch' }), out, { ...contextFor(true), colorLevel: 1 });
    await printer.show(clusterView(), []);
    await printer.show(
      clusterView([controller('ctrl1'), controller('ctrl2', { status: 'offline' }), controller('ctrl3')]),
      [],
    );
    printer.close();
    expect(out.text()).toContain('\u001b[7m\u001b[31moffline');
  });
});

describe('defaultFormat', () => {
  it.each([
    [{ mode: 'once', zitiCompat: false, events: false }, true, 'table'],
    [{ mode: 'once', zitiCompat: false, events: false }, false, 'plain'],
    [{ mode: 'watch', zitiCompat: false, events: false }, true, 'table'],
    [{ mode: 'watch', zitiCompat: false, events: false }, false, 'ndjson'],
    [{ mode: 'watch', zitiCompat: false, events: true }, true, 'ndjson'],
    [{ mode: 'once', zitiCompat: true, events: false }, false, 'table'],
  ] as const)('%j on a terminal %s: %s, which pickPrinter honours', (asked, tty, format) => {
    expect(defaultFormat(asked, tty)).toBe(format);
    expect(() => pickPrinter({ ...asked, format, noHeaders: false }, fakeOut(tty), contextFor(tty))).not.toThrow();
  });
});
