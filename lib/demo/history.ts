import { eq } from "drizzle-orm";
import { models, predictions } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { PredictionRow } from "@/lib/ingest/schemas";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { deliveryTraffic } from "@/lib/simulation/delivery";
import { Random, clamp, mixSeed } from "@/lib/simulation/random";
import { corpusMailAt } from "@/lib/simulation/corpus-mail";
import { seedSpamModel } from "./spam-model";
import { seedTriageModel, TRIAGE_SLUG } from "./triage-model";
import { triageMailAt } from "@/lib/simulation/triage-mail";
import { scoreAndRecord, type ServeRow } from "@/lib/services/registry";
import { trainAndDeploy } from "./first-version";
import type { TrafficGenerator } from "@/lib/simulation/types";

const DAY_MS = 86_400_000;
const BATCH_ROWS = 5_000;
const HISTORY_SEED = 20_261_127;
/** Share of predictions whose ground truth ever arrives, and how long after the prediction. */
const TRUTH_SHARE = 0.4;
const TRUTH_DELAY_DAYS = { min: 1, max: 3 } as const;

type HistoryPlan = {
  slug: string;
  /** Rows the model server sent (delivery-time), or real e-mails Vigil's built-in model serves (spam-filter). */
  generate: TrafficGenerator | { serve: (index: number, decay: number) => { text: string; features: Record<string, unknown>; truth: string } };
  /** Where decay starts and where it is complete, as fractions of the period (of 30 days by default). */
  decayFrom: number;
  decayFull: number;
  /** Its traffic as a share of the others' (the triage model sees less mail, to keep the first start quick). */
  volume?: number;
  /** A feature that starts arriving empty (null) part-way through, for a share of the rows: a broken upstream field. */
  emptied?: { feature: string; from: number; share: number };
  /** A built-in model's next version is trained on what it has by then and deployed at this fraction of the period. */
  nextVersionAt?: number;
};

// The spam filter breaks from day 18 of 30 and is fully broken by day 23, the seed article's
// story: the later SpamAssassin mail arrives, served by the built-in v1 (lib/simulation/corpus-mail.ts),
// which calls the newsletters of a few sender domains spam. On day 26 v2, retrained on the labelled
// mail so far, is deployed and gets them right again: the last week shows the decay in its slices
// and the recovery split by version. The delivery model goes wrong later, in the last week.
const SPAM_SEED = mixSeed(HISTORY_SEED, "spam-filter");
const SPAM_PLAN: HistoryPlan = {
  slug: "spam-filter",
  generate: {
    serve: (index, decay) => {
      const mail = corpusMailAt(SPAM_SEED, index, decay);
      return { text: mail.text, features: mail.features, truth: mail.spam ? "spam" : "ham" };
    },
  },
  decayFrom: 18 / 30,
  decayFull: 23 / 30,
  nextVersionAt: 26 / 30,
  // From day 24 the mail parser upstream stops filling has_attachment for most mail: the drift
  // table shows its missing share jump (data quality), apart from the decay itself.
  emptied: { feature: "has_attachment", from: 24 / 30, share: 0.7 },
};
// The mail triage (multiclass) meets more and more hard ham, the class it learnt from fewest
// examples of, from day 15 to day 25.
const TRIAGE_SEED = mixSeed(HISTORY_SEED, TRIAGE_SLUG);
const TRIAGE_PLAN: HistoryPlan = {
  slug: TRIAGE_SLUG,
  generate: {
    serve: (index, shift) => {
      const { mail, label } = triageMailAt(TRIAGE_SEED, index, shift);
      return { text: mail.text, features: mail.features, truth: label };
    },
  },
  decayFrom: 15 / 30,
  decayFull: 25 / 30,
  volume: 0.2,
};
const DELIVERY_PLAN: HistoryPlan = { slug: "delivery-time", generate: deliveryTraffic(mixSeed(HISTORY_SEED, "delivery-time")), decayFrom: 23 / 30, decayFull: 28 / 30 };

/**
 * The demo's past: `days` of traffic ending at `now` for the three demo models, through the same
 * ingest service the API uses, with ground truth on the rows whose truth would be known by `now`.
 * A model that already has predictions (an earlier seed, or live traffic) is left alone and
 * counts 0, so this is safe at every start. `now` must not be in the future: ingest refuses
 * predictions from the future.
 */
export async function seedDemoHistory(
  db: Database,
  options: { now?: Date; days?: number; perDay?: number } = {},
): Promise<{ spam: number; delivery: number; triage: number }> {
  const now = options.now ?? new Date();
  const days = options.days ?? 30;
  const perDay = options.perDay ?? 1_500;
  const ctx = systemContext(db, "demo seed");
  // The built-in models' history is served by their v1: trained here unless it already is.
  await seedSpamModel(db, { now });
  await seedTriageModel(db, { now });
  // Side by side: one model's rows are generated and validated while another's are written.
  const [spam, delivery] = await Promise.all([fillHistory(ctx, SPAM_PLAN, now, days, perDay), fillHistory(ctx, DELIVERY_PLAN, now, days, perDay)]);
  const triage = await fillHistory(ctx, TRIAGE_PLAN, now, days, Math.round(perDay * (TRIAGE_PLAN.volume ?? 1)));
  return { spam, delivery, triage };
}

async function fillHistory(ctx: ServiceContext, plan: HistoryPlan, now: Date, days: number, perDay: number): Promise<number> {
  const [model] = await ctx.db.select().from(models).where(eq(models.slug, plan.slug));
  if (!model) return 0;
  const [existing] = await ctx.db.select({ id: predictions.id }).from(predictions).where(eq(predictions.modelId, model.id)).limit(1);
  if (existing) return 0;

  const total = days * perDay;
  const periodStart = now.getTime() - days * DAY_MS;
  // Rows are made day by day, so the next version serves every row from its deploy's day on.
  const deployDay = plan.nextVersionAt === undefined ? days : Math.round(plan.nextVersionAt * days);
  const fill = async (from: number, to: number) => {
    let accepted = 0;
    for (let first = from; first < to; first += BATCH_ROWS) {
      const rows: PredictionRow[] = [];
      const served: ServeRow[] = [];
      for (let index = first; index < Math.min(to, first + BATCH_ROWS); index++) {
        const row = historicalRow(plan, index, Math.floor(index / perDay), periodStart, now.getTime(), days);
        if ("row" in row) rows.push(row.row);
        else served.push(row.served);
      }
      if (rows.length) accepted += (await ingestPredictions(ctx, { model: plan.slug, predictions: rows })).accepted;
      if (served.length) accepted += (await scoreAndRecord(ctx, model, served)).accepted;
    }
    return accepted;
  };
  const before = await fill(0, Math.min(total, deployDay * perDay));
  if (deployDay >= days) return before;
  await trainAndDeploy(ctx.db, plan.slug, { label: "demo seed", now: new Date(periodStart + deployDay * DAY_MS) });
  return before + (await fill(deployDay * perDay, total));
}

function historicalRow(plan: HistoryPlan, index: number, day: number, periodStart: number, now: number, days: number): { row: PredictionRow } | { served: ServeRow } {
  const random = new Random(mixSeed(HISTORY_SEED, plan.slug, "history", index));
  const timestamp = timeInDay(random, periodStart + day * DAY_MS);
  const progress = (timestamp - periodStart) / (days * DAY_MS);
  const decay = clamp((progress - plan.decayFrom) / (plan.decayFull - plan.decayFrom), 0, 1);
  const truthKnownAt = timestamp + random.uniform(TRUTH_DELAY_DAYS.min, TRUTH_DELAY_DAYS.max) * DAY_MS;
  const truthArrived = random.chance(TRUTH_SHARE) && truthKnownAt <= now;
  const id = `demo-${index}`;

  // Drawn after the row's other draws, so the rest of the history is what it was without it.
  const emptied = plan.emptied && progress >= plan.emptied.from && random.chance(plan.emptied.share) ? plan.emptied.feature : null;
  if ("serve" in plan.generate) {
    const served = plan.generate.serve(index, decay);
    const mail = emptied ? { ...served, features: { ...served.features, [emptied]: null } } : served;
    const actual = truthArrived ? { label: mail.truth, timestamp: new Date(truthKnownAt).toISOString() } : undefined;
    return { served: { id, timestamp: new Date(timestamp).toISOString(), text: mail.text, features: mail.features, ...(actual ? { actual } : {}) } };
  }
  const generated = plan.generate({ index, id, timestamp: new Date(timestamp), decay });
  const { truth } = generated;
  const row = emptied ? { ...generated.row, features: { ...generated.row.features, [emptied]: null } } : generated.row;
  return { row: truthArrived ? { ...row, actual: { ...truth, timestamp: new Date(truthKnownAt).toISOString() } } : row };
}

/**
 * A moment in the 24 hours from `dayStart`, busier in the afternoon than at night (by the UTC
 * hour), so hourly charts show a daily rhythm. Rejection sampling keeps it one row, one stream.
 */
function timeInDay(random: Random, dayStart: number): number {
  for (;;) {
    const at = dayStart + Math.floor(random.next() * DAY_MS);
    const hour = (at % DAY_MS) / 3_600_000; // the UTC hour: epoch days start at UTC midnight
    const busyness = 0.6 - 0.4 * Math.cos((2 * Math.PI * (hour - 4)) / 24);
    if (random.next() < busyness) return at;
  }
}
