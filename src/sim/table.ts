// The replicated controllers table: the fields only the raft leader writes, and how it writes them.

/** The replicated, changing part of a controller row (times in epoch ms of the writer's clock). */
export interface ControllerRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  isOnline: boolean;
  lastJoinedAt: number | null;
}

/** One controller's copy of the table (its bolt DB); keyed by controller id. */
export type Table = Map<string, ControllerRecord>;

export function cloneTable(table: Table): Table {
  return new Map([...table].map(([id, r]) => [id, { ...r }]));
}

/**
 * The leader's writes for one state change: a peer it now sees becomes online with lastJoinedAt=now,
 * a peer it no longer sees becomes offline (lastJoinedAt untouched, it is not a last-seen time).
 * `stamp` is called lazily so the writer's clock only advances when something is written.
 * Returns whether anything changed.
 */
export function writeOnline(table: Table, seen: (id: string) => boolean, stamp: () => number): boolean {
  let changed = false;
  for (const row of table.values()) {
    const online = seen(row.id);
    if (row.isOnline === online) continue;
    const now = stamp();
    row.isOnline = online;
    row.updatedAt = now;
    if (online) row.lastJoinedAt = now;
    changed = true;
  }
  return changed;
}
