// The append-only audit log: one JSON line per event, written so that a crash or a second writer leaves only whole
// lines.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { auditEventSchema, type AuditEvent } from '../audit-event.js';
import { UsageError } from '../errors.js';
import { describeFsError } from '../fs-errors.js';

/**
 * Append-only JSON lines. Opened with 'a' (O_APPEND); each event is ONE fs.writeSync of one complete line ("...}\n"),
 * so a kill -9 leaves only whole lines, and two processes appending to one local file never interleave inside a line
 * (O_APPEND writes are not atomic on NFS). Strings need no sanitizing (JSON escapes them) and never hold secrets,
 * because views never do.
 */
export class AuditLog {
  private fd: number | null;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Throws UsageError naming the path when it cannot be opened (directory missing, permission, is a directory). */
  static open(path: string): AuditLog {
    let fd: number;
    try {
      fd = openSync(path, 'a');
    } catch (error) {
      throw new UsageError(`audit log ${path}: cannot open it for appending: ${describeFsError(error, path)}`);
    }
    terminateTornLine(fd, path);
    return new AuditLog(path, fd);
  }

  /** Write errors (a full disk) are thrown: the caller decides whether a watch may go on without its audit trail. */
  append(events: readonly AuditEvent[]): void {
    if (this.fd === null) throw new Error(`audit log ${this.path} is closed`);
    for (const event of events) {
      const line = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
      const written = writeSync(this.fd, line);
      // Short only when the disk fills or a signal lands; finishing the line keeps the next event on a line of its own.
      if (written < line.length) writeSync(this.fd, line.subarray(written));
    }
  }

  /** fsync + close; idempotent. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      fsyncSync(fd);
    } catch (error) {
      // A pipe or device (--audit-log /dev/stderr) cannot be synced and needs no sync; any other failure is data loss.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'ENOTSUP') throw error;
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * A previous run killed mid-write can leave a last line without its newline; ending it here keeps our first event
 * from being glued onto that fragment (readAuditLog then skips just the fragment). Best effort: the log is opened
 * write-only, so the last byte is read through a second descriptor, which a write-only file may refuse.
 */
function terminateTornLine(fd: number, path: string): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  let reader: number | null = null;
  try {
    reader = openSync(path, 'r');
    const last = Buffer.alloc(1);
    if (readSync(reader, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) writeSync(fd, '\n');
  } catch {
    // Unreadable: we cannot tell, and an extra newline on a guess would be worse than none.
  } finally {
    if (reader !== null) closeSync(reader);
  }
}

/**
 * Reads an audit log, skipping (and counting) a torn last line. Any other line that is not a whole event (a fragment
 * an older crash left, which the next open terminated) is skipped and counted the same way rather than failing the
 * read.
 */
export function readAuditLog(text: string): { events: AuditEvent[]; tornLines: number } {
  const events: AuditEvent[] = [];
  let tornLines = 0;
  for (const line of text.split('\n')) {
    // The text after the final newline is empty, and two runs opening one log at once may each end a torn line:
    // an empty line is harmless, not torn.
    if (line === '') continue;
    const event = parseEvent(line);
    if (event === null) tornLines++;
    else events.push(event);
  }
  return { events, tornLines };
}

function parseEvent(line: string): AuditEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = auditEventSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
