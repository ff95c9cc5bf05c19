// Keyed one-shot timers kept in step with what the model wants (armed once, cancelled when no longer wanted).

export class TimerSet {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /**
   * Arms a timer for every wanted key that has none (an armed timer keeps its original deadline)
   * and cancels the timers of keys no longer wanted. `delayMs` null means never.
   */
  sync(wanted: readonly string[], delayMs: number | null, fire: (key: string) => void): void {
    const keep = new Set(delayMs === null ? [] : wanted);
    for (const [key, timer] of this.timers) {
      if (!keep.has(key)) {
        clearTimeout(timer);
        this.timers.delete(key);
      }
    }
    if (delayMs === null) return;
    for (const key of keep) {
      if (this.timers.has(key)) continue;
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          fire(key);
        }, delayMs),
      );
    }
  }

  arm(key: string, delayMs: number | null, fire: (key: string) => void): void {
    this.cancel(key);
    if (delayMs === null) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fire(key);
      }, delayMs),
    );
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
