import { averageRunLength, bernoulliIncrements, bernoulliLogLikelihoodRatio, cusumStep, thresholdForRunLength, type Increment } from "@/lib/stats/cusum";

// A sequential monitor (ADR 0021): Page's CUSUM on a rate (ground-truth accuracy, positive rate,
// a class share), fed once per complete hour from the rollups. Pure: the evaluator reads the
// hours and stores the state this returns.

export const MONITOR_KINDS = ["window", "sequential"] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];
/** Rates with a count of successes in each hour: the CUSUM's likelihood ratio needs counts. */
export const SEQUENTIAL_METRICS = ["groundTruthAccuracy", "positiveRate", "classShare"] as const;
export type SequentialDirection = "below" | "above" | "outside";

export type SequentialDesign = {
  /** The reference window's rate: the "no change" hypothesis. */
  baseline: number;
  /** The change to detect, in rate units (0.05 is five points). */
  shift: number;
  direction: SequentialDirection;
  /** Draws an hour the design assumes (the mean of its hourly profile). */
  trialsPerHour: number;
  /** Each side's alarm threshold on its CUSUM. */
  h: number;
  /** Average hours between false alarms on unchanged traffic at that volume (both sides together). */
  falseAlarmHours: number;
  /** Expected hours from the change to the alarm, from a fresh start, at that volume. */
  delayHours: number;
};

const clampRate = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));
const shiftedRates = (d: Pick<SequentialDesign, "baseline" | "shift" | "direction">) => ({
  low: d.direction === "above" ? null : clampRate(d.baseline - d.shift),
  high: d.direction === "below" ? null : clampRate(d.baseline + d.shift),
});

/**
 * The threshold for "about one false alarm every `falseAlarmDays` days" at the model's hourly
 * volumes, and the detection delay it buys for a change of `shift`. `hourlyTrials` is a day's
 * profile (or one number): an hour's increment is drawn from the mixture of the hours, since the
 * tail of one hour's evidence depends on its volume non-linearly (quiet night hours give most false
 * alarms at a given h). A band (outside) splits the false alarms between its two sides: each side
 * gets twice the run length, so together they give the target.
 */
export function designSequential(input: { baseline: number; shift: number; direction: SequentialDirection; hourlyTrials: number | readonly number[]; falseAlarmDays: number }): SequentialDesign {
  const baseline = clampRate(input.baseline);
  const profile = (typeof input.hourlyTrials === "number" ? [input.hourlyTrials] : [...input.hourlyTrials]).map((n) => Math.max(0, Math.round(n)));
  if (!profile.some((n) => n > 0)) throw new RangeError("the design needs an hour with draws");
  const mixture = (p: number, p1: number): Increment[] =>
    profile.flatMap((n) => (n === 0 ? [{ value: 0, probability: 1 / profile.length }] : bernoulliIncrements(n, p, baseline, p1).map((i) => ({ value: i.value, probability: i.probability / profile.length }))));
  const { low, high } = shiftedRates({ ...input, baseline });
  const sides = [low, high].filter((p): p is number => p !== null);
  const targetHours = input.falseAlarmDays * 24 * sides.length;
  const h = Math.max(...sides.map((p1) => thresholdForRunLength(mixture(baseline, p1), targetHours)));
  const rate = sides.reduce((sum, p1) => sum + 1 / averageRunLength(mixture(baseline, p1), h), 0);
  const first = sides[0]!;
  const delayHours = averageRunLength(mixture(first, first), h);
  const trialsPerHour = Math.round(profile.reduce((a, b) => a + b, 0) / profile.length);
  return { baseline, shift: input.shift, direction: input.direction, trialsPerHour, h, falseAlarmHours: 1 / rate, delayHours };
}

/** One complete hour of the monitored rate. */
export type HourOfRate = { start: string; trials: number; successes: number };

/**
 * The running state, stored on the monitor. `through` is the end of the last hour counted: an
 * hour is counted once, whatever the number of ticks. `lowSince`/`highSince` are the starts of the
 * hours where each side's CUSUM last left zero: the change point when it alarms. While firing,
 * `recovery` gathers the evidence that the rate is back at the baseline.
 */
export type SequentialState = {
  design: SequentialDesign;
  through: string;
  low: number;
  high: number;
  lowSince: string | null;
  highSince: string | null;
  /** Draws and successes since each side last left zero: the rate the alarm reports. */
  lowRun: { trials: number; successes: number };
  highRun: { trials: number; successes: number };
  recovery: number;
  firedSide: "low" | "high" | null;
};

export function startSequential(design: SequentialDesign, from: Date): SequentialState {
  return { design, through: from.toISOString(), low: 0, high: 0, lowSince: null, highSince: null, ...NO_RUNS, recovery: 0, firedSide: null };
}

const NO_RUNS = { lowRun: { trials: 0, successes: 0 }, highRun: { trials: 0, successes: 0 } };

export type SequentialStep = {
  state: SequentialState;
  /** breach: a side crossed h (fire); clear: recovered (resolve) or quiet; hold: firing, not yet recovered; no-data: no new hour. */
  verdict: "breach" | "clear" | "hold" | "no-data";
  changePointAt: string | null;
  /** At a breach: the rate from the change point to the alarm. */
  rateSinceChange: number | null;
  trials: number;
};

const HOUR_MS = 3600_000;

/**
 * Counts the hours after `state.through`, in order. A crossing (an alarm, or a recovery while
 * firing) ends the step at that hour: the hours after it are counted on the next tick, under the
 * new state, so one tick never both fires and resolves.
 */
export function advanceSequential(previous: SequentialState, firing: boolean, hours: readonly HourOfRate[]): SequentialStep {
  const { design } = previous;
  const { low: p1Low, high: p1High } = shiftedRates(design);
  const state: SequentialState = { ...previous, firedSide: firing ? (previous.firedSide ?? "low") : null };
  let trials = 0;
  let counted = 0;
  for (const hour of hours) {
    const end = new Date(new Date(hour.start).getTime() + HOUR_MS).toISOString();
    if (end <= state.through) continue;
    state.through = end;
    counted++;
    if (hour.trials <= 0) continue;
    trials += hour.trials;
    const llr = (p1: number) => bernoulliLogLikelihoodRatio(hour.successes, hour.trials, design.baseline, p1);
    if (firing) {
      const p1 = state.firedSide === "high" ? p1High : p1Low;
      if (p1 === null) continue;
      state.recovery = cusumStep(state.recovery, -llr(p1));
      if (state.recovery >= design.h) return { state: { ...state, ...NO_RUNS, recovery: 0, firedSide: null, low: 0, high: 0, lowSince: null, highSince: null }, verdict: "clear", changePointAt: null, rateSinceChange: null, trials };
      continue;
    }
    if (p1Low !== null) {
      const next = cusumStep(state.low, llr(p1Low));
      state.lowSince = next === 0 ? null : state.low === 0 ? hour.start : state.lowSince;
      state.lowRun = next === 0 ? NO_RUNS.lowRun : { trials: state.lowRun.trials + hour.trials, successes: state.lowRun.successes + hour.successes };
      state.low = next;
    }
    if (p1High !== null) {
      const next = cusumStep(state.high, llr(p1High));
      state.highSince = next === 0 ? null : state.high === 0 ? hour.start : state.highSince;
      state.highRun = next === 0 ? NO_RUNS.highRun : { trials: state.highRun.trials + hour.trials, successes: state.highRun.successes + hour.successes };
      state.high = next;
    }
    const side = state.low >= design.h ? "low" : state.high >= design.h ? "high" : null;
    if (side) {
      const changePointAt = side === "low" ? state.lowSince : state.highSince;
      const run = side === "low" ? state.lowRun : state.highRun;
      const rateSinceChange = run.trials > 0 ? run.successes / run.trials : null;
      return { state: { ...state, ...NO_RUNS, low: 0, high: 0, lowSince: null, highSince: null, recovery: 0, firedSide: side }, verdict: "breach", changePointAt, rateSinceChange, trials };
    }
  }
  if (!counted) return { state, verdict: "no-data", changePointAt: null, rateSinceChange: null, trials };
  return { state, verdict: firing ? "hold" : "clear", changePointAt: null, rateSinceChange: null, trials };
}

/** The figure an evaluation records: the CUSUM nearest its threshold (or the recovery while firing). */
export function sequentialValue(state: SequentialState, firing: boolean): number {
  return firing ? state.recovery : Math.max(state.low, state.high);
}
