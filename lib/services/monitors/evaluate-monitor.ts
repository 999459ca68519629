import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { alertEvents, alerts, monitorEvaluations, monitors, notificationDeliveries, type Model, type Monitor } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { windowHours, type MonitorState } from "@/lib/monitors/constants";
import { observe, referenceValue, type ObservationWithDetails } from "@/lib/monitors/observe";
import { observeSlices, sliceReferenceValue, type SliceObservation } from "@/lib/metrics/observe-slices";
import { judge, limitsFor, step, type Limits, type Verdict } from "@/lib/monitors/state-machine";
import type { MonitorRule } from "@/lib/monitors/schemas";
import { getModelMetricsOf, loadSliceCounts, type ModelMetrics, refreshRollups } from "../metrics";
import { assertAllowed, systemContext, type ServiceContext } from "../context";
import { queueAlertDeliveries } from "../notifications";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { findMonitor } from "./monitor-view";
import { readSequential, sequentialAlert, sequentialFigure } from "./read-sequential";
import { ServiceError } from "../errors";

const HOUR_MS = 3600_000;
/**
 * Hours of a model an evaluation brings up to date before reading (reads never aggregate; an
 * evaluation is a job, and "evaluate now" must see the batch sent a moment ago). A larger backlog
 * waits for the rollup job.
 */
const EVALUATION_REFRESH_LIMIT = 200;
/** Every minute's evaluation row is kept this long: one row a minute is 43,200 a month per monitor. */
const EVALUATION_RETENTION_DAYS = 30;

export type EvaluationResult = {
  monitorId: string;
  /** False when this tick had been evaluated already (a doubled or late tick): nothing changed. */
  evaluated: boolean;
  state: MonitorState;
  value: number | null;
  n: number;
  threshold: number | null;
  verdict: Verdict | null;
  transition: "fired" | "resolved" | null;
  alertId: string | null;
  tick: string;
};

/** Metrics already read in this tick, by model and range: monitors of one model and window share one read. */
export type MetricsCache = Map<string, Promise<ModelMetrics>>;

/** What a monitor reads at `now`: its window's figures and, for relative thresholds, the reference's. */
export async function readMonitorFigure(
  db: Database,
  monitor: MonitorRule,
  model: Model,
  now: Date,
  cache: MetricsCache = new Map(),
): Promise<{ observation: ObservationWithDetails & SliceObservation; limits: Limits | null; reference: number | null; metrics: ModelMetrics }> {
  const ctx = systemContext(db, "monitor evaluation");
  const read = (query: { from: string; to: string; bucket: "hour" | "day" }) => {
    const key = `${model.id}|${query.from}|${query.to}|${query.bucket}`;
    if (!cache.has(key)) cache.set(key, getModelMetricsOf(ctx, model, query));
    return cache.get(key)!;
  };
  const from = new Date(now.getTime() - windowHours(monitor.window) * HOUR_MS);
  const metrics = await read({ from: from.toISOString(), to: now.toISOString(), bucket: "hour" });
  if (monitor.sliceFeature) return { ...(await readSliceFigure(db, monitor, model, metrics, from, now)), metrics };
  const observation = observe(monitor, metrics);
  let reference: number | null = null;
  if (monitor.thresholdMode === "relative" && metrics.drift.reference) {
    const r = metrics.drift.reference;
    reference = referenceValue(monitor, await read({ from: r.from, to: r.to, bucket: "day" }));
  }
  // A sequential monitor's threshold is a change, not a line on its window's figure.
  return { observation, limits: monitor.kind === "sequential" ? null : limitsFor(monitor, reference), reference, metrics };
}

/** A slice monitor reads its window's segment rollups (and the reference window's, for a relative threshold). */
async function readSliceFigure(db: Database, monitor: MonitorRule, model: Model, metrics: ModelMetrics, from: Date, now: Date) {
  const observation = observeSlices(monitor, await loadSliceCounts(db, model, from, now));
  const r = metrics.drift.reference;
  const reference = monitor.thresholdMode === "relative" && r ? sliceReferenceValue(monitor, await loadSliceCounts(db, model, new Date(r.from), new Date(r.to))) : null;
  return { observation, limits: limitsFor(monitor, reference), reference };
}

/**
 * Evaluates one monitor for one tick, the way the schedule does. The figures are read first
 * (from rollups, outside the transaction); then, with the monitor row locked, the evaluation row
 * is inserted under its unique (monitor, tick) key. A tick already evaluated, or older than the
 * latest one, changes nothing: a doubled, retried or late tick never fires twice. Alert,
 * history, outbox deliveries and the action request land in the same transaction.
 */
export async function evaluateMonitorAt(db: Database, monitorId: string, tick: Date, now = new Date(), cache?: MetricsCache): Promise<EvaluationResult> {
  const { monitor, model } = await findMonitor(db, monitorId);
  await refreshRollups(db, { modelId: model.id, maxBuckets: EVALUATION_REFRESH_LIMIT, waitForOthers: true });
  const sequential = monitor.kind === "sequential" ? await readSequential(db, monitor, model, now) : null;
  const { observation, limits }: { observation: ObservationWithDetails & SliceObservation; limits: Limits | null } = sequential ? sequentialFigure(sequential.step, monitor.state === "firing") : await readMonitorFigure(db, monitor, model, now, cache);
  const verdict: Verdict = sequential ? (sequential.step?.verdict ?? "no-data") : limits ? judge(monitor, limits, observation) : "no-data";
  const breach = sequential?.step?.verdict === "breach" ? sequential.step : null;

  const outcome = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(monitors).where(eq(monitors.id, monitorId)).for("update");
    const skipped = (m: Monitor): EvaluationResult => ({
      monitorId, evaluated: false, state: m.state, value: m.lastValue, n: m.lastN ?? 0, threshold: null, verdict: null, transition: null, alertId: null, tick: tick.toISOString(),
    });
    if (!current) return { result: skipped(monitor), deliveries: [], action: null };
    if (current.lastTick && current.lastTick >= tick) return { result: skipped(current), deliveries: [], action: null };
    // A sequential monitor's hours were counted from the state read above: if another evaluation
    // moved it meanwhile, counting them again would count them twice. The next tick reads afresh.
    if (sequential && (current.sequentialState?.through !== sequential.readFrom?.through || current.state !== monitor.state)) return { result: skipped(current), deliveries: [], action: null };

    const next = step({ state: current.state, consecutive: current.consecutive }, verdict, current.forEvaluations);
    const [inserted] = await tx
      .insert(monitorEvaluations)
      .values({
        monitorId,
        tick,
        value: observation.value,
        n: observation.n,
        low: observation.low ?? null,
        high: observation.high ?? null,
        threshold: limits?.threshold ?? null,
        thresholdHigh: limits?.thresholdHigh ?? null,
        verdict,
        state: next.state,
        details: { ...(observation.features ? { features: observation.features } : {}), ...(observation.slices ? { slices: observation.slices } : {}), ...(observation.slice ? { slice: observation.slice } : {}) },
      })
      .onConflictDoNothing()
      .returning({ id: monitorEvaluations.id });
    if (!inserted) return { result: skipped(current), deliveries: [], action: null };

    await tx
      .update(monitors)
      .set({ state: next.state, consecutive: next.consecutive, lastTick: tick, lastValue: observation.value, lastN: observation.n, ...(sequential?.step ? { sequentialState: sequential.step.state } : {}) })
      .where(eq(monitors.id, monitorId));

    let alertId: string | null = null;
    let deliveries: string[] = [];
    let action: { alertId: string; monitorId: string; policy: string } | null = null;
    if (next.transition === "fired") {
      const [alert] = await tx
        .insert(alerts)
        .values({ monitorId, modelId: model.id, severity: current.severity, ...(breach ? sequentialAlert(breach) : { value: observation.value, threshold: limits?.threshold ?? null }), n: observation.n, slice: observation.slice ?? null, firedAt: now })
        .returning();
      alertId = alert!.id;
      const changePoint = alert!.changePointAt?.toISOString();
      await tx.insert(alertEvents).values({ alertId, type: "fired", actor: "system", details: { value: alert!.value, threshold: alert!.threshold, n: observation.n, ...(observation.slice ? { slice: observation.slice } : {}), tick: tick.toISOString(), ...(changePoint ? { changePointAt: changePoint } : {}) } });
      if (current.policy !== "notify") {
        // Issue #7 carries the action out; here it is recorded, and queued for its runner.
        await tx.insert(alertEvents).values({ alertId, type: "action_requested", actor: "system", details: { policy: current.policy } });
      }
      // Every firing goes to the action runner: even a notify-only monitor may be the one a model's
      // automatic rollback watches (handleMonitorActionJob; a notify policy starts no retrain).
      action = { alertId, monitorId, policy: current.policy };
      deliveries = await queueAlertDeliveries(tx, "alert.firing", alert!, current, model, now);
    } else if (next.transition === "resolved") {
      const [alert] = await tx
        .update(alerts)
        .set({ state: "resolved", resolvedAt: now, resolvedValue: observation.value })
        .where(and(eq(alerts.monitorId, monitorId), eq(alerts.state, "firing")))
        .returning();
      if (alert) {
        alertId = alert.id;
        await tx.insert(alertEvents).values({ alertId, type: "resolved", actor: "system", details: { value: observation.value, tick: tick.toISOString() } });
        deliveries = await queueAlertDeliveries(tx, "alert.resolved", alert, current, model, now);
      }
    }
    const result: EvaluationResult = {
      monitorId, evaluated: true, state: next.state, value: observation.value, n: observation.n, threshold: limits?.threshold ?? null, verdict, transition: next.transition, alertId, tick: tick.toISOString(),
    };
    return { result, deliveries, action };
  });

  await nudgeJobs(db, outcome.deliveries, outcome.action);
  return outcome.result;
}

/** Hands committed work to pg-boss now when this process can; the schedule catches anything missed. */
export async function nudgeJobs(db: Database, deliveryIds: string[], action: Record<string, unknown> | null): Promise<void> {
  const sent: string[] = [];
  for (const deliveryId of deliveryIds) if (await enqueue(QUEUES.deliverNotification, { deliveryId })) sent.push(deliveryId);
  if (sent.length) await db.update(notificationDeliveries).set({ enqueuedAt: sql`now()` }).where(inArray(notificationDeliveries.id, sent));
  if (action) await enqueue(QUEUES.monitorAction, action);
}

/** POST /api/v1/monitors/{id}/evaluate and the form's "Evaluate now": the exact time is the tick. */
export async function evaluateMonitor(ctx: ServiceContext, id: string): Promise<EvaluationResult> {
  assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" });
  const { monitor, model } = await findMonitor(ctx.db, id);
  assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" }, model);
  // The schedule skips a disabled monitor; evaluating it by hand would fire alerts it must not.
  if (!monitor.enabled) throw new ServiceError("conflict", `The monitor "${monitor.name}" is disabled: enable it first, then evaluate it.`);
  const now = new Date();
  return evaluateMonitorAt(ctx.db, id, now, now);
}

/** The schedule's tick: every enabled monitor, one after another; one monitor's failure does not stop the rest. */
export async function evaluateEnabledMonitors(db: Database, tick: Date): Promise<{ evaluated: number; fired: number; resolved: number; failed: number }> {
  const enabled = await db.select({ id: monitors.id }).from(monitors).where(eq(monitors.enabled, true));
  const counts = { evaluated: 0, fired: 0, resolved: 0, failed: 0 };
  // Everything written up to now aggregated first (claims are row locks: the rollup job may run
  // beside it); then one "now" for the whole tick, so monitors of one model and window share a read.
  if (enabled.length) await refreshRollups(db);
  const now = new Date();
  const cache: MetricsCache = new Map();
  for (const { id } of enabled) {
    try {
      const result = await evaluateMonitorAt(db, id, tick, now, cache);
      if (result.evaluated) counts.evaluated++;
      if (result.transition === "fired") counts.fired++;
      if (result.transition === "resolved") counts.resolved++;
    } catch (error) {
      counts.failed++;
      console.error(`[vigil] evaluating monitor ${id} failed`, error);
    }
  }
  // Once an hour, evaluations older than the retention go (alerts and their events stay).
  if (tick.getUTCMinutes() === 0) await db.delete(monitorEvaluations).where(lt(monitorEvaluations.tick, new Date(tick.getTime() - EVALUATION_RETENTION_DAYS * 24 * HOUR_MS)));
  return counts;
}
