import type { MonitorState } from "./constants";
import type { MonitorRule } from "./schemas";

// The monitor's state machine, pure: what one evaluation's observation means (judge), and where
// it moves the monitor (step). OK → PENDING → FIRING → RESOLVED → OK.

/** One evaluation's figure over the window: the point, its 95% interval when it has one, and n. */
export type Observation = { value: number | null; n: number; low?: number | null; high?: number | null };

/** The thresholds in the metric's own units (relative ones already applied to the reference). */
export type Limits = { threshold: number; thresholdHigh: number | null; resolve: number; resolveHigh: number | null };

/**
 * breach: past the alert threshold (by the interval when the rule asks for it). clear: back on the
 * good side of the resolve threshold. hold: neither (between the two: the hysteresis band).
 * no-data: no figure, or fewer than the minimum n: thin data neither fires nor resolves.
 */
export type Verdict = "breach" | "clear" | "hold" | "no-data";

export type MachineState = { state: MonitorState; consecutive: number };
export type Step = MachineState & { transition: "fired" | "resolved" | null };

/**
 * A relative threshold is a change as a fraction of the reference window's value: +0.2 is 20%
 * above it, -0.1 is 10% below it. Null when the rule is relative and there is no reference value.
 */
export function limitsFor(rule: MonitorRule, reference: number | null): Limits | null {
  const at = (t: number) => (rule.thresholdMode === "relative" ? reference! * (1 + t) : t);
  if (rule.thresholdMode === "relative" && (reference === null || !Number.isFinite(reference))) return null;
  const threshold = at(rule.threshold);
  const thresholdHigh = rule.thresholdHigh === null ? null : at(rule.thresholdHigh);
  return {
    threshold,
    thresholdHigh,
    resolve: rule.resolveThreshold === null ? threshold : at(rule.resolveThreshold),
    resolveHigh: rule.resolveThresholdHigh === null ? thresholdHigh : at(rule.resolveThresholdHigh),
  };
}

export function judge(rule: Pick<MonitorRule, "comparison" | "minN" | "requireInterval">, limits: Limits, obs: Observation): Verdict {
  const { value } = obs;
  if (value === null || !Number.isFinite(value) || obs.n < rule.minN) return "no-data";
  const low = rule.requireInterval ? (obs.low ?? value) : value;
  const high = rule.requireInterval ? (obs.high ?? value) : value;
  let breach: boolean;
  let clear: boolean;
  if (rule.comparison === "above") {
    breach = low > limits.threshold;
    clear = value <= limits.resolve;
  } else if (rule.comparison === "below") {
    breach = high < limits.threshold;
    clear = value >= limits.resolve;
  } else {
    const [bandLow, bandHigh] = [limits.threshold, limits.thresholdHigh ?? Infinity];
    breach = high < bandLow || low > bandHigh;
    clear = value >= limits.resolve && value <= (limits.resolveHigh ?? bandHigh);
  }
  return breach ? "breach" : clear ? "clear" : "hold";
}

/**
 * Moves the monitor by one evaluation. A breach must last `forEvaluations` consecutive
 * evaluations to fire (PENDING until then; anything but a breach sends PENDING back to OK). A
 * firing monitor resolves only on "clear", so a value wavering inside the hysteresis band keeps
 * it firing instead of flapping. No data changes nothing.
 */
export function step(previous: MachineState, verdict: Verdict, forEvaluations: number): Step {
  const { state } = previous;
  switch (verdict) {
    case "no-data":
      return { ...previous, transition: null };
    case "breach": {
      if (state === "firing") return { state, consecutive: previous.consecutive + 1, transition: null };
      const consecutive = (state === "pending" ? previous.consecutive : 0) + 1;
      return consecutive >= forEvaluations ? { state: "firing", consecutive, transition: "fired" } : { state: "pending", consecutive, transition: null };
    }
    case "clear":
      return state === "firing" ? { state: "resolved", consecutive: 0, transition: "resolved" } : { state: "ok", consecutive: 0, transition: null };
    case "hold":
      return state === "firing" ? { state, consecutive: previous.consecutive, transition: null } : { state: "ok", consecutive: 0, transition: null };
  }
}
