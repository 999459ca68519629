import { once } from "node:events";
import type { Sql } from "postgres";
import { seededRandom as random } from "@/lib/stats/seeded-random";
import { COPY_COLUMNS, VERSIONS } from "./data";

// The history the metrics benchmark reads: one binary ham/spam model's predictions over N days,
// in time order (as live traffic arrives), streamed into `predictions` with COPY.

const HOUR_MS = 3600_000;
const DOMAINS = Array.from({ length: 40 }, (_, i) => `mail${i}.example.${["org", "com", "net", "io"][i % 4]}`);
/** The values of `region`, the model's declared segment feature (a split of 20 values, issue 15). */
export const REGIONS = Array.from({ length: 20 }, (_, i) => `region-${String(i).padStart(2, "0")}`);
export const SEGMENT_FEATURE = "region";

export type HistoryPlan = {
  /** Start of the first hour (UTC, hour-aligned). */
  firstHour: Date;
  /** Predictions per hour, from firstHour on; every hour has some. */
  perHour: number[];
  /** The last prediction is before this time. */
  end: Date;
  rows: number;
};

/**
 * How `rows` predictions spread over `days` days ending at `end`: a daily cycle (busiest in the
 * afternoon UTC, about a third of the peak at night) on a slow growth of a fifth over the period.
 */
export function planHistory(rows: number, days: number, end: Date): HistoryPlan {
  const lastHour = Math.floor(end.getTime() / HOUR_MS) * HOUR_MS;
  const hours = days * 24;
  const firstHour = lastHour - (hours - 1) * HOUR_MS;
  // The last hour is only partly over: weight it by the part that is.
  const lastFraction = Math.max(0.05, (end.getTime() - lastHour) / HOUR_MS);
  const weights = Array.from({ length: hours }, (_, h) => {
    const hourOfDay = new Date(firstHour + h * HOUR_MS).getUTCHours();
    const daily = 1 + 0.5 * Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24);
    return daily * (1 + (0.2 * h) / hours) * (h === hours - 1 ? lastFraction : 1);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const perHour: number[] = [];
  let cumulative = 0;
  let assigned = 0;
  for (const w of weights) {
    cumulative += w;
    const upTo = Math.round((rows * cumulative) / total);
    perHour.push(Math.max(0, upTo - assigned));
    assigned = upTo;
  }
  return { firstHour: new Date(firstHour), perHour, end, rows };
}

const pad = (n: number) => String(n).padStart(9, "0");

/**
 * COPY text for one hour's predictions (columns as COPY_COLUMNS). Realistic in what the rollups
 * see: 3 numeric features, 2 categorical (40 sender domains; 20 regions, the declared segment
 * feature), 1 boolean; scores skewed towards the right answer; every prediction names one of 3
 * versions, the later ones taking over through the period (all three in most hours, as during a
 * canary); one in twenty has ground truth, stamped up to two days after the prediction. Over the period the spam share rises from 30% to 36% and a group of
 * domains gains traffic, so drift has something to find.
 */
function hourText(options: {
  hourStart: number;
  count: number;
  firstIndex: number;
  progress: number;
  end: number;
  modelId: string;
  versionIds: string[];
  next: () => number;
}): string {
  const { hourStart, count, firstIndex, progress, modelId, versionIds, next } = options;
  const span = Math.min(HOUR_MS, options.end - hourStart);
  const spamShare = 0.3 + 0.06 * progress;
  let text = "";
  for (let i = 0; i < count; i++) {
    const at = hourStart + Math.floor(((i + next()) / count) * span);
    const spam = next() < spamShare;
    const score = Math.round((spam ? 1 - next() ** 3 * 0.9 : next() ** 3 * 0.9) * 1e6) / 1e6;
    const label = score >= 0.5 ? "spam" : "ham";
    const length = Math.floor(200 + next() * (spam ? 4000 : 2000));
    const links = Math.floor(next() * (spam ? 12 : 4));
    const reputation = Math.round(next() * 1000) / 1000;
    // Domains 30–39 grow from their fair share to about three times it.
    const pick = next();
    const domain = DOMAINS[pick < 0.25 * progress ? 30 + Math.floor(next() * 10) : Math.floor(next() * DOMAINS.length)]!;
    const attachment = next() < 0.2 ? "true" : "false";
    const region = REGIONS[Math.floor(next() * REGIONS.length)]!;
    const features = `{"length":${length},"links":${links},"sender_reputation":${reputation},"sender_domain":"${domain}","has_attachment":${attachment},"${SEGMENT_FEATURE}":"${region}"}`;
    const versionPick = next();
    const version = versionIds[versionPick < 0.7 * (1 - progress) ? 0 : versionPick < 0.9 - 0.3 * progress ? 1 : 2]!;
    let actual = "\\N";
    let actualAt = "\\N";
    if (next() < 0.05) {
      actual = spam ? "spam" : "ham";
      actualAt = new Date(Math.min(options.end, at + Math.floor(next() * 48 * HOUR_MS))).toISOString();
    }
    text += `${modelId}\t${version}\tp${pad(firstIndex + i)}\t${new Date(at).toISOString()}\t${features}\t${score}\t\\N\t${label}\t\\N\t${actual}\t\\N\t${actualAt}\n`;
  }
  return text;
}

/**
 * Streams the planned history into `predictions` over `connections` COPYs at once, each taking
 * every connections-th hour in time order (so each hour's rows sit together on disk, as live
 * traffic's do). Generation runs while PostgreSQL parses: back-pressure keeps memory small.
 */
export async function loadHistory(options: {
  sql: Sql;
  plan: HistoryPlan;
  modelId: string;
  versionIdsByName: Map<string, string>;
  connections: number;
  seed: number;
  onProgress?: (rowsDone: number) => void;
}): Promise<void> {
  const { plan, modelId } = options;
  const versionIds = VERSIONS.map((v) => {
    const id = options.versionIdsByName.get(v);
    if (!id) throw new Error(`No version row for ${v}`);
    return id;
  });
  const firstIndexes: number[] = [];
  plan.perHour.reduce((sum, n, h) => ((firstIndexes[h] = sum), sum + n), 0);
  let done = 0;
  let reported = 0;
  const reserved = await Promise.all(Array.from({ length: options.connections }, () => options.sql.reserve()));
  try {
    await Promise.all(
      reserved.map(async (connection, c) => {
        const next = random(options.seed * 7919 + c);
        const stream = await connection`copy predictions (${connection([...COPY_COLUMNS])}) from stdin`.writable();
        for (let h = c; h < plan.perHour.length; h += options.connections) {
          const text = hourText({
            hourStart: plan.firstHour.getTime() + h * HOUR_MS,
            count: plan.perHour[h]!,
            firstIndex: firstIndexes[h]!,
            progress: h / plan.perHour.length,
            end: plan.end.getTime(),
            modelId,
            versionIds,
            next,
          });
          if (!stream.write(text)) await once(stream, "drain");
          done += plan.perHour[h]!;
          if (options.onProgress && done - reported >= 1_000_000) {
            reported = done;
            options.onProgress(done);
          }
        }
        const finished = once(stream, "finish");
        stream.end();
        await finished;
      }),
    );
  } finally {
    for (const connection of reserved) connection.release();
  }
}

/** The plain way to the chart's figures: one GROUP BY over the model's raw rows in the range. */
export type HourFigures = { bucket: Date; volume: number; positive: number; confidence: number; truth: number; correct: number };

export async function groupByHour(sql: Sql, modelId: string, positiveClass: string, from: Date, to: Date): Promise<HourFigures[]> {
  return sql<HourFigures[]>`
    select date_trunc('hour', predicted_at, 'UTC') as bucket,
      count(*)::int as volume,
      count(*) filter (where label = ${positiveClass})::int as positive,
      sum(greatest(score, 1 - score))::float8 as confidence,
      count(actual_label)::int as truth,
      count(*) filter (where actual_label = label)::int as correct
    from predictions
    where model_id = ${modelId}::uuid and predicted_at >= ${from} and predicted_at < ${to}
    group by 1 order by 1`;
}
