// The orders everything is sorted in: one place, so a change of order is one change. Pure.
//
// Code-unit (byte) order, not localeCompare: the same evidence must give the same rows, reasons
// and audit log on every machine, whatever its locale.

/** Order of free text: origins, flag codes, names. Code-unit order, and it stays so. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Order of controller ids: rows, claimants, voters, replica holders (docs/design.md section 3
 * rule 1 asks for a stable order by id). Code-unit order for now, like compareText; this is the
 * one place to change when ids sort in natural order (ctrl2 before ctrl10).
 */
export function compareIds(a: string, b: string): number {
  return compareText(a, b);
}
