// Each member's own version (its /version signal, else its own live-view entry) and the version the
// others are compared with: the leader's, or without a leader (or its version unknown) the one a
// strict majority of the known versions share. Facts only: the flag and the note are version-flags.ts.
import { compareIds } from '../compare.js';
import { type NodeFacts, selfEntry } from './facts.js';

export interface VersionFacts {
  /** Every member's version as it says it; null when it did not say (did not answer, or no such signal). */
  byId: Map<string, string | null>;
  /** The version the others are compared with, and where it comes from; null when there is none. */
  reference: { version: string; source: 'leader' | 'majority'; holders: string[] } | null;
}

/** What a controller says its version is: its /version answer, else its own live view's entry about itself. */
export function versionOf(node: NodeFacts | undefined): string | null {
  const own = node?.target?.signals.version;
  if (own?.ok && own.value.version) return own.value.version;
  const fromSelf = node ? selfEntry(node)?.version : undefined;
  return fromSelf && fromSelf !== '<not connected>' ? fromSelf : null;
}

// "v2.0.3" and "2.0.3" name one release; the comparison must not call that skew.
const sameRelease = (v: string) => v.trim().replace(/^v/i, '');

export function compareVersions(
  facts: Map<string, NodeFacts>,
  members: readonly string[],
  leader: string | null,
): VersionFacts {
  const byId = new Map(members.map((id) => [id, versionOf(facts.get(id))] as const));
  const leaderVersion = leader === null ? null : (byId.get(leader) ?? null);
  if (leaderVersion !== null) {
    const holders = members.filter((id) => sameKey(byId.get(id), leaderVersion));
    return { byId, reference: { version: leaderVersion, source: 'leader', holders } };
  }
  const groups = groupByVersion(byId);
  const known = groups.reduce((n, g) => n + g.ids.length, 0);
  const top = groups[0];
  const majority = top !== undefined && top.ids.length * 2 > known ? top : null;
  return {
    byId,
    reference: majority === null ? null : { version: majority.version, source: 'majority', holders: majority.ids },
  };
}

export function sameKey(version: string | null | undefined, other: string): boolean {
  return version != null && sameRelease(version) === sameRelease(other);
}

/** Known versions with the members saying each, the most common first (then by name). */
export function groupByVersion(byId: Map<string, string | null>): { version: string; ids: string[] }[] {
  const groups = new Map<string, { version: string; ids: string[] }>();
  for (const [id, version] of byId) {
    if (version === null) continue;
    const group = groups.get(sameRelease(version)) ?? { version, ids: [] };
    group.ids.push(id);
    groups.set(sameRelease(version), group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, ids: g.ids.sort(compareIds) }))
    .sort((a, b) => b.ids.length - a.ids.length || compareIds(a.version, b.version));
}
