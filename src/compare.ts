// The orders everything is sorted in: one place, so a change of order is one change. Pure.
//
// Code-unit (byte) order, not localeCompare: the same evidence must give the same rows, reasons
// and audit log on every machine, whatever its locale.

/** Order of free text: origins, flag codes, names. Code-unit order, and it stays so. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Order of controller ids: rows, claimants, voters, replica holders (docs/design.md section 3
 * rule 1 asks for a stable order by id). Natural order: a run of ASCII digits in both ids at the
 * same place compares as a number (ctrl2 before ctrl10, any length, no parseInt), everything else
 * by code unit as compareText does (ctrl-a before ctrl9: '-' is below every digit). Ids equal but
 * for leading zeros (ctrl2, ctrl02) fall back to compareText, so the order stays total and the
 * same on every machine.
 */
export function compareIds(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      const runA = digitRun(a, i);
      const runB = digitRun(b, j);
      const order = compareNumerals(a.slice(runA.start, runA.end), b.slice(runB.start, runB.end));
      if (order !== 0) return order;
      i = runA.end;
      j = runB.end;
    } else {
      if (ca !== cb) return ca < cb ? -1 : 1;
      i++;
      j++;
    }
  }
  const rest = a.length - i - (b.length - j);
  if (rest !== 0) return rest < 0 ? -1 : 1;
  return compareText(a, b);
}

/** The digits from `from` on, leading zeros skipped: start is the first significant digit. */
function digitRun(text: string, from: number): { start: number; end: number } {
  let start = from;
  while (start < text.length - 1 && text.charCodeAt(start) === 48 && isDigit(text.charCodeAt(start + 1))) start++;
  let end = start;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return { start, end };
}

/** Two numerals without leading zeros: the longer is larger, equal lengths compare digit by digit. */
function compareNumerals(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return compareText(a, b);
}
