// The shape of src/ that docs/design.md describes, checked: no import circle (type-only imports
// included), no module importing from a layer above it, the pure core free of IO, small files.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const MAX_LINES = 250;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => relative(SRC, path));
const text = new Map(files.map((f) => [f, readFileSync(join(SRC, f), 'utf8')]));

/**
 * Every module `file` imports or re-exports from, as paths relative to src (packages and node: builtins as written).
 */
function importsOf(file: string): string[] {
  const source = text.get(file)!;
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => {
    const spec = m[1] ?? m[2]!;
    return spec.startsWith('.') ? relative(SRC, resolve(SRC, dirname(file), spec.replace(/\.js$/, '.ts'))) : spec;
  });
}

const graph = new Map(files.map((f) => [f, importsOf(f).filter((d) => text.has(d))]));

function cycles(): string[] {
  const found = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file)!) {
      if (dep === file) continue; // a module's type of itself (typeof import('./index.js')) is no circle
      if (state.get(dep) === 'open') found.add(stack.slice(stack.indexOf(dep)).concat(dep).join(' -> '));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return [...found];
}

/** The pure core: evidence + time in, a view out. */
const CORE = (f: string) =>
  f === 'reconcile.ts' ||
  f.startsWith('reconcile/') ||
  ['addresses.ts', 'compare.ts', 'model.ts', 'evidence.ts', 'memo.ts'].includes(f);
/** Modules the core may lean on besides itself: the response shapes and zod. */
const CORE_MAY_USE = (d: string) => CORE(d) || d.startsWith('schemas/') || d === 'zod';
/**
 * And one builtin, for one pure function: node:crypto's X509Certificate reads a certificate's dates
 * from its PEM text (reconcile/certificates.ts). Nothing else of node:crypto (random bytes are not pure).
 */
const onlyX509 = (f: string) =>
  [...text.get(f)!.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'node:crypto'/g)].every((m) =>
    m[1]!.split(',').every((name) => name.trim() === 'X509Certificate' || name.trim() === ''),
  ) && !/import\s+(?:\*\s+as\s+\w+|\w+)\s+from\s+'node:crypto'/.test(text.get(f)!);

describe('src/', () => {
  it('has no import circle, type-only imports included', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps the reconcile core free of IO: it imports only itself, the schemas, zod and X509Certificate', () => {
    const leaks = files.filter(CORE).flatMap((f) =>
      importsOf(f)
        .filter((d) => !CORE_MAY_USE(d) && !(d === 'node:crypto' && onlyX509(f)))
        .map((d) => `${f} imports ${d}`),
    );
    expect(leaks).toEqual([]);
  });

  it('never imports a command from below: only cli.ts, entry.ts and commands/ reach commands/', () => {
    const upward = files
      .filter((f) => !f.startsWith('commands/') && f !== 'cli.ts' && f !== 'entry.ts')
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((d) => d.startsWith('commands/') || d === 'cli.ts')
          .map((d) => `${f} imports ${d}`),
      );
    expect(upward).toEqual([]);
  });

  it(
    'keeps the layers below the run (client, config, render, watch, schemas) out of each other where they ' +
      'sit above',
    () => {
      const above: Record<string, string[]> = {
        'client/': ['config/', 'render/', 'watch/', 'run/', 'sim/'],
        'render/': ['client/', 'config/', 'watch/', 'run/', 'sim/'],
        'schemas/': ['client/', 'config/', 'render/', 'watch/', 'run/', 'sim/', 'reconcile/'],
        'watch/': ['config/', 'run/', 'sim/'],
      };
      const wrong = files.flatMap((f) => {
        const layer = Object.keys(above).find((l) => f.startsWith(l));
        if (layer === undefined) return [];
        return graph
          .get(f)!
          .filter((d) => above[layer]!.some((up) => d.startsWith(up)))
          .map((d) => `${f} imports ${d}`);
      });
      expect(wrong).toEqual([]);
    },
  );

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => [f, text.get(f)!.split('\n').length - 1] as const)
      .filter(([, lines]) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
