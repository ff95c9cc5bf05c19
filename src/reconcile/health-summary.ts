// The cluster summary's lines about the health around the data (docs/design.md section 3 rule 7):
// the earliest certificate expiry as a reason when it raised a flag, and notes that change no
// verdict: versions that differ, certificates not valid yet, a preferred leader that does not lead.
import type { ControllerRow } from '../model.js';
import { certificateReason, earliestExpiry, notYetValidNotes } from './certificate-flags.js';
import type { ReconcileContext } from './context.js';
import { versionNote } from './version-flags.js';

export function healthReasons(ctx: ReconcileContext, rows: readonly ControllerRow[]): string[] {
  const line = certificateReason(ctx, rows);
  return line === null ? [] : [line];
}

export function healthNotes(ctx: ReconcileContext, rows: readonly ControllerRow[]): string[] {
  const notes = [versionNote(ctx), ...notYetValidNotes(ctx), preferredLeaderNote(ctx, rows)];
  return notes.filter((n): n is string => n !== null);
}

export function earliestCertExpiry(ctx: ReconcileContext): { id: string; at: string } | null {
  const earliest = earliestExpiry(ctx);
  return earliest === null ? null : { id: earliest.id, at: new Date(earliest.at).toISOString() };
}

// A note, not a flag on anyone: the cluster works under another leader, which is no fault of any
// member, but the operator configured this one to lead and may want to know it does not.
function preferredLeaderNote(ctx: ReconcileContext, rows: readonly ControllerRow[]): string | null {
  const leader = ctx.leader.leader;
  if (leader === null) return null;
  const idle = rows.filter(
    (r) => r.isPreferredLeader && r.reachable && r.id !== leader && !ctx.membership.formerMembers.has(r.id),
  );
  if (idle.length === 0) return null;
  const who = idle.map((r) => r.id).join(', ');
  return `the preferred leader ${who} answers, but ${leader} leads`;
}
