// The one way a cache file is written: whole or not at all, private, and no litter when it fails.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../../src/cache-file.js';
import { emptyDir } from '../helpers/cli.js';

describe('writeFileAtomically', () => {
  it('makes the directory, writes the whole text with mode 0600, and leaves no temp file', () => {
    const dir = join(emptyDir(), 'new', 'ziti-status');
    const path = join(dir, 'members-v1.json');
    writeFileAtomically(path, 'first\n');
    writeFileAtomically(path, 'second\n', { durableRename: true });
    expect(readFileSync(path, 'utf8')).toBe('second\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['members-v1.json']);
  });

  it('throws when the rename fails, and removes its temp file', () => {
    const dir = emptyDir();
    const path = join(dir, 'cache.json');
    mkdirSync(join(path, 'in-the-way'), { recursive: true }); // a non-empty directory under the file's name: rename(2) refuses
    expect(() => writeFileAtomically(path, 'x')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['cache.json']);
  });
});
