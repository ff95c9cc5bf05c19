// A failed file operation in words a user can act on, for the files ziti-status writes (the audit
// log, the latency cache); the path is the file that was being opened or written.
import { dirname } from 'node:path';

export function describeFsError(error: unknown, path: string): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return `the directory ${dirname(path)} does not exist`;
    case 'ENOTDIR':
      return `a part of ${dirname(path)} is not a directory`;
    case 'EEXIST':
      return 'a file stands where a directory is needed';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e?.message ?? String(error);
  }
}
