// Terminal safety and colour decisions, and -o yaml's exactness.
import { describe, expect, it } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';
import { decideColorLevel } from '../../src/render/color.js';
import { renderJson } from '../../src/render/json.js';
import { escapeJsonText, sanitizeForTerminal } from '../../src/render/sanitize.js';
import { formatTime } from '../../src/render/time.js';
import { renderYaml, renderYamlDocument } from '../../src/render/yaml.js';
import { clusterView, controller } from './view-fixture.js';

describe('sanitizeForTerminal', () => {
  it('removes escape sequences, control characters and bidi overrides', () => {
    expect(sanitizeForTerminal('ctrl\u001b[31mred\u001b[0m')).toBe('ctrlred');
    expect(sanitizeForTerminal('a\u001b]0;title\u0007b')).toBe('ab');
    expect(sanitizeForTerminal('x\u202eevil\u202c')).toBe('xevil');
    expect(sanitizeForTerminal('line\nbreak\ttab\u0085')).toBe('line?break?tab?');
  });

  it('caps very long names', () => {
    expect(sanitizeForTerminal('n'.repeat(10_000), 50)).toHaveLength(50);
  });

  it('JSON output escapes bidi and C1 characters that JSON.stringify leaves raw', () => {
    expect(escapeJsonText(JSON.stringify('a\u202eb\u0085'))).toBe('"a\\u202eb\\u0085"');
  });
});

describe('decideColorLevel', () => {
  it.each([
    ['auto', {}, true, 1],
    ['auto', {}, false, 0],
    ['auto', { NO_COLOR: '1' }, true, 0],
    ['auto', { FORCE_COLOR: '1' }, false, 1],
    ['auto', { FORCE_COLOR: '0' }, true, 0],
    ['auto', { CLICOLOR_FORCE: '1' }, false, 1],
    ['auto', { TERM: 'dumb' }, true, 0],
    ['auto', { CLICOLOR: '0' }, true, 0],
    ['always', { NO_COLOR: '1' }, false, 1],
    ['never', { FORCE_COLOR: '3' }, true, 0],
  ] as const)('%s with %j on tty=%s -> level %d', (mode, env, tty, level) => {
    expect(decideColorLevel(mode, env, tty)).toBe(level);
  });
});

describe('formatTime', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it('relative on a terminal, RFC3339 when piped, never for null', () => {
    expect(formatTime('2026-11-26T11:57:00Z', now, true)).toBe('3m ago');
    expect(formatTime('2026-11-26T11:57:00Z', now, false)).toBe('2026-11-26T11:57:00.000Z');
    expect(formatTime(null, now, true)).toBe('never');
    expect(formatTime('2026-11-26T12:05:00Z', now, true)).toMatch(/clock skew/);
  });
});

// Every raw character a terminal could act on; a line feed is YAML's own line end, so it is allowed.
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('-o yaml', () => {
  const hostile = [
    'evil\u202eexe.gpj',
    '\u001b[2Jclear\u0007',
    'tab\tand\nnewline\r',
    'del\u007f c1\u0085 nel ls\u2028 ps\u2029 zw\u200b lri\u2066 bom\ufeff alm\u061c',
    '\\\u202e backslash then bidi',
    `long ${'word '.repeat(40)}\u202e end`,
  ];
  const view = clusterView([
    ...hostile.map((name, i) => controller(`ctrl${i + 1}`, { name, error: `${name}: refused` })),
    ...['yes', 'off', '2026-01-02', '2026-01-02 10:00:00', '0o12', '012', '1:20', 'null', '~', '1e3', '.inf'].map(
      (name, i) => controller(`plain${i}`, { name }),
    ),
  ]);
  const text = renderYaml(view);
  const json = JSON.parse(renderJson(view));

  it('reads back as exactly the JSON view, in YAML 1.2 and in YAML 1.1 (where plain times become dates)', () => {
    expect(parse(text)).toEqual(json);
    expect(parse(text, { version: '1.1' })).toEqual(json);
    expect(parse(text, { version: '1.1' }).generatedAt).toBe('2026-11-26T12:00:00.000Z');
  });

  it('writes no raw control, bidi or invisible character: they are escapes in double-quoted strings', () => {
    expect(text).not.toMatch(RAW_UNSAFE);
    expect(text).toContain('name: "evil\\u202eexe.gpj"');
    expect(text).toContain('name: "\\u001b[2Jclear\\u0007"');
    expect(text).toContain('name: "tab\\tand\\nnewline\\r"');
  });

  it('quotes timestamps and whatever else a YAML 1.1 reader would not read as a string', () => {
    expect(text).toMatch(/^generatedAt: "2026-11-26T12:00:00\.000Z"$/m);
    expect(text).toMatch(/^ {4}lastJoinedAt: "2026-11-26T11:00:00\.000Z"$/m);
    for (const name of ['yes', 'off', '2026-01-02', '0o12', '012', '1:20']) expect(text).toContain(`name: "${name}"`);
    expect(text).toMatch(/^ {4}status: online$/m);
  });

  it('watch writes one --- document a tick, each the same value', () => {
    const docs = parseAllDocuments(renderYamlDocument(view) + renderYamlDocument(clusterView()));
    expect(docs.map((d) => (d as { toJS(): unknown }).toJS())).toEqual([json, clusterView()]);
  });
});
