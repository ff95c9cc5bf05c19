// What the replicas say of each controller's certificate (docs/design.md section 2, the `certPem` of
// the replica rows): its validity, read once per reconcile for every row of every replica. The
// consensus replica's row speaks first; a row whose certPem is no readable certificate is that
// replica's bad answer (flagged `bad-response` on the replica holder), never a claim about dates.
// Parsing a PEM is a pure function of its text: node:crypto's X509Certificate, no IO, no clock.
import { X509Certificate } from 'node:crypto';
import type { Memo } from '../memo.js';
import type { ControllerDetail } from '../schemas/controllers.js';
import type { ConsensusReplica } from './consensus.js';
import type { NodeFacts } from './facts.js';

export interface CertificateDates {
  /** Epoch milliseconds. */
  notBefore: number;
  notAfter: number;
}

/** The dates, or why the text is no certificate. */
export type CertificateReading = CertificateDates | { unreadable: string };

export interface CertificateFinding {
  dates: CertificateDates;
  /** Whose replica the certificate was read from. */
  from: string;
}

export interface CertificateFacts {
  /** Per controller id: its certificate's dates, when some replica holds a readable one. */
  byId: Map<string, CertificateFinding>;
  /** Per replica holder: the rows whose certPem it sent could not be read, and why. */
  unreadable: Map<string, { id: string; why: string }[]>;
}

export function gatherCertificates(
  ids: readonly string[],
  consensus: ConsensusReplica,
  holders: readonly NodeFacts[],
  memo: Memo,
): CertificateFacts {
  const unreadable = new Map<string, { id: string; why: string }[]>();
  // Each row's reading, looked up once: the memo is keyed by the PEM text, which costs its length to hash.
  const readings = new Map<ControllerDetail, CertificateReading>();
  for (const holder of holders) {
    const bad = (holder.replica ?? []).flatMap((row) => {
      const reading = memo.certificates.get(row.certPem, readCertificate);
      readings.set(row, reading);
      return 'unreadable' in reading ? [{ id: row.id, why: reading.unreadable }] : [];
    });
    if (bad.length > 0) unreadable.set(holder.id, bad);
  }
  // The consensus replica first, then the others in holder order: the first readable row speaks.
  const ordered = [
    ...holders.filter((h) => h.id === consensus.from),
    ...holders.filter((h) => h.id !== consensus.from),
  ];
  const byId = new Map<string, CertificateFinding>();
  for (const id of ids) {
    for (const holder of ordered) {
      const row = holder.replicaById?.get(id);
      const reading =
        row === undefined ? undefined : (readings.get(row) ?? memo.certificates.get(row.certPem, readCertificate));
      if (reading === undefined || 'unreadable' in reading) continue;
      byId.set(id, { dates: reading, from: holder.id });
      break;
    }
  }
  return { byId, unreadable };
}

/** The validity of the first certificate in `pem`, or why there is none. */
export function readCertificate(pem: string): CertificateReading {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (err) {
    // OpenSSL's reason ("no start line", "wrong tag") without its error-stack prefix.
    const reason = (err as Error).message.replace(/^error:[0-9A-F]+:[^:]*:*/, '').trim();
    return { unreadable: `not an X.509 certificate${reason ? ` (${reason})` : ''}` };
  }
  const notBefore = opensslTime(cert.validFrom);
  const notAfter = opensslTime(cert.validTo);
  if (notBefore === null || notAfter === null) return { unreadable: 'a certificate whose dates cannot be read' };
  return { notBefore, notAfter };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Node 20 gives the dates only as OpenSSL prints them ("Dec  1 22:31:20 2027 GMT"; validToDate
// came in Node 22): read that exact form rather than trust Date.parse with a legacy format.
function opensslTime(text: string): number | null {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{4}) GMT$/.exec(text);
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return null;
  const ms = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isFinite(ms) ? ms : null;
}
