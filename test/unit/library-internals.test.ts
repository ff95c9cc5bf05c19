// The library internals ziti-status leans on for speed (docs/design.md section 9), held to what the
// code assumes, each failure saying what moved and what to do: undici's own files as
// src/client/undici-internals.ts imports them, the node:http2 stand-in the bundle puts under
// undici (src/client/http2-shim.cjs), and zod's schema definitions as src/schemas/zod-internals.ts
// reads them. Whether the shape checks then answer as zod does is test/property/shape-check.property.test.ts.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { constants as nodeHttp2Constants } from 'node:http2';
import { createRequire } from 'node:module';
import { createServer as createNetServer, Socket, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import undici from 'undici';
import { z } from 'zod';
import { readDef, type SchemaDef } from '../../src/schemas/zod-internals.js';
import { emptyDir } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const UNDICI = `undici ${(require('undici/package.json') as { version: string }).version}`;
const ZOD = `zod ${(require('zod/package.json') as { version: string }).version}`;
const INTERNALS = 'src/client/undici-internals.ts';
/** What it costs to do without the trick, measured (docs/design.md section 9). */
const COST = `importing undici's index instead costs a healthy three-node run some 50 ms`;

/**
 * The module, imported only here: were a path gone, a static import would fail the file before
 * 'still exist at their paths' could say what to do.
 */
const undiciInternals = () => import('../../src/client/undici-internals.js');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|cjs|mjs|js)$/.test(name) ? [path] : [];
  });
}

describe(`undici's own files (${INTERNALS})`, () => {
  const source = readFileSync(join(ROOT, INTERNALS), 'utf8');
  const paths = [...source.matchAll(/from '(undici\/[^']+)'/g)].map((m) => m[1]!);

  it('are imported there and nowhere else in src/', () => {
    expect(paths.length).toBeGreaterThan(0);
    const elsewhere = sourceFiles(join(ROOT, 'src'))
      .filter((f) => !f.endsWith('undici-internals.ts') && !f.endsWith('.d.ts'))
      .filter((f) => /['"]undici\/lib\//.test(readFileSync(f, 'utf8')))
      .map(
        (f) => `${f.slice(ROOT.length)} imports undici/lib/ itself: import from ${INTERNALS}, the one module that may`,
      );
    expect(elsewhere).toEqual([]);
  });

  it('still exist at their paths', () => {
    const missing = paths.flatMap((path) => {
      try {
        require.resolve(path);
        return [];
      } catch {
        return [
          `${UNDICI} has no ${path}: find where it moved and change ${INTERNALS} (or import undici's index; ${COST})`,
        ];
      }
    });
    expect(missing).toEqual([]);
  });

  it("are the very objects undici's index exports, so undici's public types describe them", async () => {
    const { Agent, Pool, buildConnector, request } = await undiciInternals();
    const index = undici as unknown as {
      Agent: unknown;
      Pool: unknown;
      buildConnector: unknown;
      Dispatcher: { prototype: { request: unknown } };
    };
    const wrong = [
      Agent === index.Agent ? '' : "Agent is not the index's Agent",
      Pool === index.Pool ? '' : "Pool is not the index's Pool",
      request === index.Dispatcher.prototype.request ? '' : "request is not the index's Dispatcher.prototype.request",
      buildConnector === index.buildConnector ? '' : "buildConnector is not the index's buildConnector",
    ]
      .filter(Boolean)
      .map((what) => `${UNDICI}: ${what}; ${INTERNALS} imports the wrong file now`);
    expect(wrong).toEqual([]);
  });

  it(
    'answer a request as the code reads it: status, headers and a readable body, ' +
      'through request() called on the Agent',
    async () => {
      const { Agent, request } = await undiciInternals();
      const server = createServer((_req, res) => res.writeHead(200, { 'x-probe': 'yes' }).end('{"ok":true}'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const agent = new Agent({ connections: 1 });
      try {
        const res = await request.call(agent, {
          origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          path: '/',
          method: 'GET',
        });
        const chunks: Buffer[] = [];
        for await (const chunk of res.body) chunks.push(chunk as Buffer);
        expect({
          status: res.statusCode,
          probe: res.headers['x-probe'],
          body: Buffer.concat(chunks).toString(),
        }).toEqual({ status: 200, probe: 'yes', body: '{"ok":true}' });
      } finally {
        await agent.destroy();
        server.close();
      }
    },
  );

  it(
    'build a connector that returns the socket it opens, a TLSSocket for https that says when TCP is up ' +
      '(src/client/handshake-watch.ts counts on both)',
    async () => {
      const { buildConnector } = await undiciInternals();
      // Accepts TCP and never speaks TLS: the handshake a SIGSTOPped controller leaves hanging.
      const silent = createNetServer(() => {});
      silent.listen(0, '127.0.0.1');
      await once(silent, 'listening');
      const port = (silent.address() as AddressInfo).port;
      const connector = buildConnector({ rejectUnauthorized: false });
      const open = (protocol: 'http:' | 'https:') =>
        connector(
          {
            protocol,
            hostname: '127.0.0.1',
            host: `127.0.0.1:${port}`,
            port: String(port),
            servername: undefined,
          } as never,
          () => {},
        );
      const plain = open('http:');
      const tls = open('https:');
      try {
        const said = [
          plain instanceof Socket ? '' : `the connector returned ${String(plain)} for http, not the socket it opened`,
          tls instanceof TLSSocket
            ? ''
            : `the connector returned ${String(tls)} for https, not the TLSSocket it opened`,
        ].filter(Boolean);
        expect(said.map((s) => `${UNDICI}: ${s}; handshake-watch.ts can no longer watch handshakes`)).toEqual([]);
        await once(tls, 'connect');
      } finally {
        plain.destroy();
        tls.destroy();
        silent.close();
      }
    },
  );
});

describe(
  'the node:http2 stand-in (src/client/http2-shim.cjs) ' + 'inside a bundle built as scripts/bundle.mjs builds it',
  () => {
    it(
      "gives undici every name it reads, with Node's values, " + 'and opens a real session when one is asked for',
      async () => {
        const dir = emptyDir();
        // Stands where node:http2 would: passes the shim on, and notes every name undici reads from it.
        writeFileSync(
          join(dir, 'recorder.cjs'),
          `const shim = require(${JSON.stringify(join(ROOT, 'src/client/http2-shim.cjs'))});
       const read = (globalThis.http2Read = { module: [], constants: [] });
       module.exports = new Proxy(shim, { get(target, name) {
         read.module.push(String(name));
         return name === 'constants'
           ? new Proxy(target.constants, { get: (c, n) => (read.constants.push(String(n)), c[n]) })
           : target[name];
       } });`,
        );
        const script = `const { Agent, request } = require(${JSON.stringify(join(ROOT, INTERNALS))});
      const server = require('node:http').createServer((q, s) => s.end('{}')).listen(0, '127.0.0.1', async () => {
        const origin = 'http://127.0.0.1:' + server.address().port;
        const agent = new Agent();
        const res = await request.call(agent, { origin, path: '/', method: 'GET' });
        await res.body.text();
        await agent.destroy();
        const undiciRead = JSON.parse(JSON.stringify(globalThis.http2Read));
        // What a session would do: the bundle's node:http2 is the shim, whose connect() must reach Node's.
        const session = require('node:http2').connect(origin);
        session.on('error', () => {});
        const sessionKind = session.constructor.name;
        session.destroy();
        server.close();
        process.stdout.write(JSON.stringify({ ...undiciRead, sessionKind }));
      });`;
        const outfile = join(dir, 'bundle.cjs');
        await build({
          stdin: { contents: script, resolveDir: ROOT, loader: 'js' },
          outfile,
          bundle: true,
          format: 'cjs',
          platform: 'node',
          target: 'node20.18',
          logLevel: 'error',
          alias: { 'node:http2': join(dir, 'recorder.cjs') },
        });
        const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 10_000 });
        expect(run.stderr).toBe('');
        const { module, constants, sessionKind } = JSON.parse(run.stdout) as {
          module: string[];
          constants: string[];
          sessionKind: string;
        };

        const shim = require('../../src/client/http2-shim.cjs') as { constants: Record<string, unknown> };
        const problems = [
          module.length > 0
            ? ''
            : `${UNDICI} no longer requires node:http2 as it loads and runs a request: ` +
              'the shim and its alias in scripts/bundle.mjs can go',
          ...[...new Set(module)]
            .filter((name) => name !== 'constants' && name !== 'connect')
            .map((name) => `${UNDICI} reads http2.${name}, which the shim does not have`),
          ...[...new Set(constants)]
            .filter((name) => !(name in shim.constants))
            .map((name) => `${UNDICI} reads http2.constants.${name}, which the shim does not have`),
          ...Object.entries(shim.constants)
            .filter(([name, value]) => nodeHttp2Constants[name as keyof typeof nodeHttp2Constants] !== value)
            .map(([name]) => `the shim's ${name} is not Node's`),
          sessionKind === 'ClientHttp2Session'
            ? ''
            : `the shim's connect() gave a ${sessionKind}, not node:http2's session`,
        ].filter(Boolean);
        expect(problems.map((p) => `${p} (src/client/http2-shim.cjs)`)).toEqual([]);
      },
    );
  },
);

describe(`zod's schema definitions as src/schemas/zod-internals.ts reads them (${ZOD})`, () => {
  const str = z.string();
  const described: [string, z.ZodType, SchemaDef][] = [
    ['z.string()', str, { kind: 'string' }],
    ['z.boolean()', z.boolean(), { kind: 'boolean' }],
    ['z.number()', z.number(), { kind: 'number' }],
    ['z.unknown()', z.unknown(), { kind: 'unknown' }],
    ['z.any()', z.any(), { kind: 'any' }],
    ["z.literal('a')", z.literal('a'), { kind: 'literal', values: ['a'] }],
    ["z.enum(['a', 'b'])", z.enum(['a', 'b']), { kind: 'enum', values: ['a', 'b'] }],
    ['z.string().optional()', str.optional(), { kind: 'optional', inner: str }],
    ['z.string().nullable()', str.nullable(), { kind: 'nullable', inner: str }],
    ['z.array(z.string())', z.array(str), { kind: 'array', element: str }],
    ['z.record(z.string(), z.string())', z.record(str, str), { kind: 'record', key: str, value: str }],
    ['z.object({ a })', z.object({ a: str }), { kind: 'object', shape: { a: str }, catchall: undefined }],
    [
      'z.object({ a }).extend({ b })',
      z.object({ a: str }).extend({ b: str }),
      { kind: 'object', shape: { a: str, b: str }, catchall: undefined },
    ],
  ];

  it('describes every kind our response schemas use, with the parts shape-check.ts builds on', () => {
    const wrong = described.flatMap(([name, schema, expected]) => {
      const got = readDef(schema);
      if (got.kind === 'other')
        return [
          `${name} is no longer recognised (its _zod.def is type '${got.type}' with keys ` +
            `${Object.keys((schema as unknown as { _zod: { def: object } })._zod?.def ?? {}).join(', ')})`,
        ];
      try {
        expect(got).toEqual(expected);
        // The parts must be the schemas themselves, not copies: shape checks are cached per schema.
        for (const [part, value] of Object.entries(expected))
          if (
            typeof value === 'object' &&
            value !== null &&
            '_zod' in value &&
            (got as Record<string, unknown>)[part] !== value
          )
            throw new Error(part);
        return [];
      } catch {
        return [`${name} reads as ${JSON.stringify(got)}`];
      }
    });
    const what =
      'zod changed how it defines schemas: change src/schemas/zod-internals.ts; ' +
      'until then shape checks are off for these kinds, ' +
      'and every response goes through zod (some 50 to 100 ms more at 100 controllers)';
    expect(wrong.map((w) => `${ZOD}: ${w}; ${what}`)).toEqual([]);
  });

  it('reads a passthrough object and a strict one by their catchall (unknown and something else)', () => {
    const loose = readDef(z.looseObject({ a: str }));
    const strict = readDef(z.strictObject({ a: str }));
    expect(loose.kind === 'object' && loose.catchall !== undefined ? readDef(loose.catchall).kind : loose).toBe(
      'unknown',
    );
    expect(strict.kind === 'object' && strict.catchall !== undefined ? readDef(strict.catchall).kind : strict).not.toBe(
      'unknown',
    );
  });

  it(
    'describes nothing that checks more than its kind: ' +
      'formats, checks, refinements, coercion, transforms, partial and loose records',
    () => {
      enum Numeric {
        A,
        B,
      }
      const undescribed: [string, z.ZodType][] = [
        ['z.email()', z.email()],
        ['z.iso.datetime()', z.iso.datetime()],
        ['z.int()', z.int()],
        ['z.string().min(1)', str.min(1)],
        ['z.number().int()', z.number().int()],
        ['z.array(z.string()).min(1)', z.array(str).min(1)],
        ['z.object({ a }).refine()', z.object({ a: str }).refine(() => true)],
        ['z.coerce.string()', z.coerce.string()],
        ['z.string().transform()', str.transform((s) => s.length)],
        ['z.string().default()', str.default('x')],
        ['z.partialRecord()', z.partialRecord(z.enum(['a']), str)],
        ['z.looseRecord()', z.looseRecord(str, str)],
        ['z.enum(a numeric TypeScript enum)', z.enum(Numeric)],
        ['z.union()', z.union([str, z.number()])],
      ];
      const described = undescribed
        .filter(([, schema]) => readDef(schema).kind !== 'other')
        .map(([name, schema]) => `${name} reads as ${JSON.stringify(readDef(schema))}`);
      expect(described).toEqual([]);
    },
  );
});
