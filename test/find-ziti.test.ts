// scripts/find-ziti.mjs: how the real-cluster tier finds its `ziti`, and the one line it prints
// when it cannot (outside the workplace that ships a binary, a user points ZITI_BIN at theirs).
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyDir } from './helpers/cli.js';

const SCRIPT = fileURLToPath(new URL('../scripts/find-ziti.mjs', import.meta.url));

function findZiti(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT], { env: { PATH: '', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number(err.code), stdout, stderr }),
    );
  });
}

/** A stand-in `ziti` that only answers `ziti version`. */
function fakeZiti(version: string, dir = emptyDir()): string {
  const path = join(dir, 'ziti');
  writeFileSync(path, `#!/bin/sh\necho ${version}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('finding the real ziti binary', () => {
  it('ZITI_BIN wins, and its path is printed', async () => {
    const bin = fakeZiti('v2.0.3');
    expect(await findZiti({ ZITI_BIN: bin })).toEqual({ code: 0, stdout: `${bin}\n`, stderr: '' });
  });

  it('else `ziti` on PATH', async () => {
    const dir = emptyDir();
    const bin = fakeZiti('v2.0.1', dir);
    expect(await findZiti({ PATH: dir })).toMatchObject({ code: 0, stdout: `${bin}\n` });
  });

  it('a ZITI_BIN that is not there: exit 1 and one line saying how to point ZITI_BIN at a ziti v2.0.x', async () => {
    const { code, stdout, stderr } = await findZiti({ ZITI_BIN: '/nonexistent/ziti' });
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      'test:real: ZITI_BIN=/nonexistent/ziti is not an executable file: ' +
        'set ZITI_BIN to a ziti v2.0.x binary (or put `ziti` on PATH) to run the real-cluster tier\n',
    );
  });

  it('a ziti of another version is refused with the same advice', async () => {
    const bin = fakeZiti('v1.5.4');
    const { code, stderr } = await findZiti({ ZITI_BIN: bin });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `test:real: ${bin} is ziti v1.5.4, not v2.0.x: ` +
        'set ZITI_BIN to a ziti v2.0.x binary (or put `ziti` on PATH) to run the real-cluster tier\n',
    );
  });
});
