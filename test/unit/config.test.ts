// Target forms (docs/design.md section 2) and durations as `ziti` takes them.
import { describe, expect, it } from '@jest/globals';
import { parseDuration } from '../../src/config/duration.js';
import { parseTarget, parseTargetList } from '../../src/config/targets.js';
import { UsageError } from '../../src/errors.js';

describe('parseTarget', () => {
  it.each([
    ['https://ctrl1.example:1280/edge/management/v1', 'https://ctrl1.example:1280'],
    ['https://CTRL1.example:443/', 'https://ctrl1.example'],
    ['ctrl1.example:1280', 'https://ctrl1.example:1280'],
    ['http://127.0.0.1:4100', 'http://127.0.0.1:4100'],
    ['[::1]:1280', 'https://[::1]:1280'],
  ])('%s -> %s', (input, origin) => {
    expect(parseTarget(input, '--controller')).toBe(origin);
  });

  it.each([
    ['ctrl1.example', /not a controller address/],
    ['ftp://ctrl1.example:21', /unsupported scheme 'ftp'/],
    ['https://admin:secret@ctrl1.example:1280', /credentials in the URL are not accepted/],
    ['ctrl1.example:99999', /port out of range/],
    ['', /empty controller address/],
  ])('%s is a usage error', (input, message) => {
    expect(() => parseTarget(input, '--controller')).toThrow(message);
    expect(() => parseTarget(input, '--controller')).toThrow(UsageError);
  });

  it('the error never repeats a password given in the URL', () => {
    expect(() => parseTarget('https://admin:hunter2@ctrl1.example:1280', 'x')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('lists split on commas, drop duplicates and keep order', () => {
    expect(parseTargetList(['b.example:1,a.example:1', 'b.example:1'], 'x')).toEqual([
      'https://b.example:1',
      'https://a.example:1',
    ]);
  });
});

describe('parseDuration', () => {
  it.each([
    ['5', 5000],
    ['2s', 2000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['1m', 60000],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each(['0', '-1', 'soon', '2x', ''])('%s is a usage error', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
  });
});
