// The certificate flags of docs/design.md section 3 rule 6: `cert-expired` (past its notAfter: peers
// and clients refuse it in new handshakes, so the mesh breaks as links drop) and `cert-expiring` (within --cert-warn), both judged
// against the view's time (ctx.now), never a clock. A replica row whose certPem cannot be read is
// that replica holder's `bad-response`, and the certificate's expiry stays unknown: no flag claims it.
import type { ControllerRow } from '../model.js';
import type { FlagRule, ReconcileContext } from './context.js';
import { spanOfMs } from './spans.js';

export const certificate: FlagRule = (ctx, id) => {
  const found = ctx.certificates.byId.get(id);
  if (found === undefined) return null;
  const now = ctx.now.getTime();
  const { notAfter } = found.dates;
  const source = `${found.from}'s replica`;
  // RFC 5280: the certificate is valid through notAfter, inclusive.
  if (now > notAfter)
    return {
      code: 'cert-expired',
      message:
        `its certificate expired at ${iso(notAfter)}, ${spanOfMs(now - notAfter)} ago (certPem in ${source}): ` +
        'its peers and clients refuse it in new TLS handshakes, so once its links drop it cannot rejoin the mesh',
    };
  if (notAfter - now <= ctx.policy.certWarnMs)
    return {
      code: 'cert-expiring',
      message:
        `its certificate expires at ${iso(notAfter)}, in ${spanOfMs(notAfter - now)}, within --cert-warn ` +
        `${spanOfMs(ctx.policy.certWarnMs)} (certPem in ${source})`,
    };
  return null;
};

/** On a replica holder: the rows of its replica whose certPem is no readable certificate. */
export const unreadableCertificates: FlagRule = (ctx, id) => {
  const bad = ctx.certificates.unreadable.get(id);
  if (bad === undefined) return null;
  const rows = bad.map((b) => `${b.id}: ${b.why}`).join(', ');
  return {
    code: 'bad-response',
    message: `its replica's certPem is unreadable (${rows}): no expiry is taken from it`,
  };
};

/** The member whose certificate expires first (former members are outside the verdict). */
export function earliestExpiry(ctx: ReconcileContext): { id: string; at: number } | null {
  let earliest: { id: string; at: number } | null = null;
  for (const [id, found] of ctx.certificates.byId) {
    if (ctx.membership.formerMembers.has(id)) continue;
    if (earliest === null || found.dates.notAfter < earliest.at) earliest = { id, at: found.dates.notAfter };
  }
  return earliest;
}

/** A reason line naming the earliest expiry, when it raised a flag (the verdict is degraded because of it). */
export function certificateReason(ctx: ReconcileContext, rows: readonly ControllerRow[]): string | null {
  const earliest = earliestExpiry(ctx);
  if (earliest === null) return null;
  const flagged = rows
    .filter((r) => r.flags.some((f) => f.code === 'cert-expired' || f.code === 'cert-expiring'))
    .map((r) => r.id);
  if (!flagged.includes(earliest.id)) return null;
  const now = ctx.now.getTime();
  const when =
    now > earliest.at
      ? `expired ${spanOfMs(now - earliest.at)} ago`
      : `in ${spanOfMs(earliest.at - now)}, within --cert-warn ${spanOfMs(ctx.policy.certWarnMs)}`;
  const all = flagged.length > 1 ? `; certificates flagged: ${flagged.join(', ')}` : '';
  return `earliest certificate expiry: ${earliest.id} at ${iso(earliest.at)} (${when})${all}`;
}

/**
 * Certificates not valid yet: TLS peers refuse those too, but our clock may be the one that is
 * behind (a controller that issued its own certificate a moment ago), so this is a note, not a flag.
 */
export function notYetValidNotes(ctx: ReconcileContext): string[] {
  const now = ctx.now.getTime();
  return [...ctx.certificates.byId]
    .filter(([id, found]) => found.dates.notBefore > now && !ctx.membership.formerMembers.has(id))
    .map(
      ([id, found]) =>
        `${id}'s certificate is not valid before ${iso(found.dates.notBefore)} (in ` +
        `${spanOfMs(found.dates.notBefore - now)}): its peers refuse it until then, unless our clock is the one behind`,
    );
}

const iso = (ms: number) => new Date(ms).toISOString();
