// Terminal safety and colour decisions.
import { describe, expect, it } from '@jest/globals';
import { decideColorLevel } from '../../src/render/color.js';
import { escapeJsonText, sanitizeForTerminal } from '../../src/render/sanitize.js';
import { formatTime } from '../../src/render/time.js';

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
