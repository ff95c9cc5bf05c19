// What changed between two reconciled views, as audit events with the evidence behind each (pure, no IO).
import type { AuditEvent } from '../audit-event.js';
import { compareIds, compareText as compareStrings } from '../compare.js';
import type { ClusterView, ControllerRow, FlagCode } from '../model.js';

export type { AuditEvent } from '../audit-event.js';

const LEADER_BACKED = 'consensus leader backed by a quorum';
const ONLINE_PLAIN = 'answered and the leader sees it';
const GONE = 'no longer in the view: no controller, replica or target names it';

/**
 * What changed from `before` (null on the first view: then every controller's status, every raised flag, the leader
 * and the verdict are events) to `after`. Deterministic order: verdict, leader, election, then controllers by id (status, then
 * flags by code). `time` = after.generatedAt. A controller that appears/disappears has status null on that side, and
 * a disappearing controller's flags are cleared, so a reader replaying the log never keeps a flag raised forever.
 */
export function diffViews(before: ClusterView | null, after: ClusterView): AuditEvent[] {
  const time = after.generatedAt;
  const events: AuditEvent[] = [];
  const clusterEvidence = clusterEvidenceOf(after);

  if (before === null || before.cluster.verdict !== after.cluster.verdict) {
    events.push({
      time,
      kind: 'verdict',
      before: before?.cluster.verdict ?? null,
      after: after.cluster.verdict,
      evidence: clusterEvidence,
    });
  }
  if (before === null || before.cluster.leader !== after.cluster.leader) {
    events.push({
      time,
      kind: 'leader',
      before: before?.cluster.leader ?? null,
      after: after.cluster.leader,
      evidence: clusterEvidence,
    });
  }
  const election = electionEvent(time, before, after);
  if (election !== null) events.push(election);

  const beforeRows = rowsById(before?.controllers ?? []);
  const afterRows = rowsById(after.controllers);
  const ids = [...new Set([...beforeRows.keys(), ...afterRows.keys()])].sort(compareIds);
  for (const id of ids)
    events.push(...controllerEvents(time, id, beforeRows.get(id) ?? null, afterRows.get(id) ?? null, before === null));
  return events;
}

/**
 * An election the newer view counted (its elections.total grew): from the leader named before to the one
 * named now, leaderless views between them or not. `leader` events say what each view named; this one
 * says leadership moved, which is what --max-elections counts.
 */
function electionEvent(time: string, before: ClusterView | null, after: ClusterView): AuditEvent | null {
  const now = after.cluster.elections;
  if (now === null || now.last === null || now.total <= (before?.cluster.elections?.total ?? 0)) return null;
  const minutes = now.windowMs / 60_000;
  return {
    time,
    kind: 'election',
    before: now.last.from,
    after: now.last.to,
    evidence:
      `leader change ${now.total} since the watch began; ${now.changes} within ${minutes} minutes ` +
      `(leader-flap above ${now.max}, --max-elections)`,
  };
}

function controllerEvents(
  time: string,
  id: string,
  was: ControllerRow | null,
  now: ControllerRow | null,
  firstView: boolean,
): AuditEvent[] {
  const events: AuditEvent[] = [];
  const statusBefore = was?.status ?? null;
  const statusAfter = now?.status ?? null;
  // On the first view every status is news, even one we could only call unknown.
  if (firstView || statusBefore !== statusAfter) {
    events.push({
      time,
      kind: 'status',
      controller: id,
      before: statusBefore,
      after: statusAfter,
      evidence: now === null ? GONE : statusEvidenceOf(now),
    });
  }
  const flagsBefore = flagMessages(was);
  const flagsAfter = flagMessages(now);
  const codes = [...new Set([...flagsBefore.keys(), ...flagsAfter.keys()])].sort(compareStrings);
  for (const flag of codes) {
    const old = flagsBefore.get(flag);
    const current = flagsAfter.get(flag);
    // A flag that stays raised with a new message is not an event: the log records transitions, not every poll.
    if (current !== undefined && old === undefined)
      events.push({ time, kind: 'flag-raised', controller: id, flag, evidence: current });
    if (current === undefined && old !== undefined)
      events.push({ time, kind: 'flag-cleared', controller: id, flag, evidence: old });
  }
  return events;
}

/** Its flags explain its status best; then its error; an online row with neither is the plain good case. */
function statusEvidenceOf(row: ControllerRow): string {
  if (row.flags.length > 0) return row.flags.map((f) => f.message).join('; ');
  if (row.error !== null) return row.error;
  return row.status === 'online' ? ONLINE_PLAIN : `status ${row.status} without a flag or error`;
}

function clusterEvidenceOf(view: ClusterView): string {
  if (view.cluster.reasons.length > 0) return view.cluster.reasons.join('; ');
  return view.cluster.leader !== null ? LEADER_BACKED : 'no consensus leader';
}

/** Flags by code; two flags with one code (not produced today) would be one event with both messages. */
function flagMessages(row: ControllerRow | null): Map<FlagCode, string> {
  const messages = new Map<FlagCode, string>();
  for (const flag of row?.flags ?? []) {
    const seen = messages.get(flag.code);
    messages.set(flag.code, seen === undefined ? flag.message : `${seen}; ${flag.message}`);
  }
  return messages;
}

function rowsById(rows: readonly ControllerRow[]): Map<string, ControllerRow> {
  return new Map(rows.map((row) => [row.id, row]));
}
