// The pieces of a live simulation that do not touch the network: how broken the world is at a
// given moment, how many predictions are due, and which ground truth is ready to be sent.

export type DecaySchedule = {
  /** Decay starts this long after the start; null means never. */
  afterMs: number | null;
  /** It then rises linearly from 0 to 1 over this long (0: at once). */
  rampMs: number;
};

export function decayAt(elapsedMs: number, schedule: DecaySchedule): number {
  if (schedule.afterMs === null || elapsedMs < schedule.afterMs) return 0;
  if (schedule.rampMs <= 0) return 1;
  return Math.min(1, (elapsedMs - schedule.afterMs) / schedule.rampMs);
}

/**
 * Keeps a stream at `perSecond` rows a second whatever the send loop's timing: each call says how
 * many rows are due now. A stall (the server down, the laptop asleep) is not repaid in one burst:
 * the backlog is capped, and rows past it are skipped.
 */
export class Pacer {
  private produced = 0;

  constructor(
    private readonly perSecond: number,
    private readonly startedAt: number,
    private readonly maxBatch: number,
    private readonly maxBacklog = Math.max(1, perSecond * 5),
  ) {}

  due(now: number): number {
    const target = Math.floor(((now - this.startedAt) / 1_000) * this.perSecond);
    this.produced = Math.max(this.produced, target - this.maxBacklog);
    const count = Math.max(0, Math.min(this.maxBatch, target - this.produced));
    this.produced += count;
    return count;
  }
}

/** Items waiting until their time comes; added in time order, taken oldest first. */
export class DelayQueue<T> {
  private items: Array<{ dueAt: number; item: T }> = [];
  private head = 0;

  add(item: T, dueAt: number): void {
    this.items.push({ dueAt, item });
  }

  get size(): number {
    return this.items.length - this.head;
  }

  takeDue(now: number, max: number): T[] {
    const taken: T[] = [];
    while (this.head < this.items.length && taken.length < max && this.items[this.head]!.dueAt <= now) {
      taken.push(this.items[this.head++]!.item);
    }
    // Drop the consumed prefix now and then, so a long run does not hold every item it ever saw.
    if (this.head > 10_000 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
}

/** Running totals for the status line, and the share or mean since the last line. */
export class SimulationStats {
  sent = 0;
  accepted = 0;
  duplicates = 0;
  truthSent = 0;
  truthMatched = 0;
  retries = 0;
  private window = { count: 0, positives: 0, sum: 0 };

  observe(prediction: { label?: string; value?: number }, positiveClass: string | null): void {
    this.window.count++;
    if (positiveClass !== null && prediction.label === positiveClass) this.window.positives++;
    if (prediction.value !== undefined) this.window.sum += prediction.value;
  }

  /** The predicted-positive share (classifiers) or mean prediction (regression) since the last call. */
  takeWindow(): { count: number; positiveShare: number | null; mean: number | null } {
    const { count, positives, sum } = this.window;
    this.window = { count: 0, positives: 0, sum: 0 };
    return { count, positiveShare: count ? positives / count : null, mean: count ? sum / count : null };
  }
}
