// Version skew across members (docs/design.md section 3 rule 6, `version-skew`): each member's own
// version (its /version signal, else its own live-view entry), compared with the leader's, or
// without a leader (or its version unknown) with the version a strict majority of the known ones
// share. A member that did not say its version is unknown, never skewed; with no reference to
// compare with nobody is flagged and a note says so.
import type { FlagRule, ReconcileContext } from './context.js';
import { groupByVersion, sameKey } from './versions.js';

export const versionSkew: FlagRule = (ctx, id) => {
  const { byId, reference } = ctx.versions;
  const version = byId.get(id) ?? null;
  if (reference === null || version === null || sameKey(version, reference.version)) return null;
  const against =
    reference.source === 'leader'
      ? `the leader ${ctx.leader.leader} runs ${reference.version}`
      : `most members (${reference.holders.join(', ')}) run ${reference.version}, and there is no leader's ` +
        'version to compare with';
  return { code: 'version-skew', message: `it runs ${version}, ${against}` };
};

/** One note when the members' versions differ: who runs what, and who did not say. */
export function versionNote(ctx: ReconcileContext): string | null {
  const groups = groupByVersion(ctx.versions.byId);
  if (groups.length < 2) return null;
  const runs = groups.map((g) => `${g.version} (${g.ids.join(', ')})`).join(', ');
  const unknown = [...ctx.versions.byId].filter(([, v]) => v === null).map(([id]) => id);
  const ref = ctx.versions.reference;
  const basis =
    ref === null
      ? 'no leader and no majority version to compare with, so nobody is flagged version-skew'
      : ref.source === 'leader'
        ? `compared with the leader's ${ref.version}`
        : `compared with the majority's ${ref.version} (no leader's version known)`;
  return `versions differ: ${runs}; ${basis}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`;
}
