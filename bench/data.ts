import { seededRandom as random } from "@/lib/stats/seeded-random";

// The rows every phase stores: generated once, up front, so no phase pays for making them and
// every phase stores exactly the same predictions.

export const MODEL_SLUG = "bench-model";
/** Version rows of the bench model: ingest names the first two; the metrics history all three (its split by version). */
export const VERSIONS = ["v3", "v4", "v5"] as const;

/** One prediction in API.md's shape, for a binary ham/spam model. */
export type BenchRow = {
  id: string;
  version?: string;
  timestamp: string;
  features: {
    length: number;
    links: number;
    sender_reputation: number;
    recipients: number;
    sender_domain: string;
    has_attachment: boolean;
  };
  score: number;
  label: "ham" | "spam";
  actual?: { label: "ham" | "spam" };
};

const DOMAINS = Array.from({ length: 40 }, (_, i) => `mail${i}.example.${["org", "com", "net", "io"][i % 4]}`);

/**
 * `count` predictions with ids `<prefix>-<n>`: nine in ten made in the last hour, as a model
 * server sending as it goes would, the rest over the last week, as a backfill or a late queue
 * would (past times only: the API refuses future ones). About a quarter name a version and one
 * in twenty carries ground truth.
 */
export function generateRows(count: number, options: { seed: number; prefix: string; now?: number }): BenchRow[] {
  const next = random(options.seed);
  const now = options.now ?? Date.now();
  const hour = 3600 * 1000;
  const week = 7 * 24 * hour;
  const rows: BenchRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const spam = next() < 0.3;
    // Skewed towards the right answer, as a decent classifier's scores are.
    const score = Math.round((spam ? 1 - next() ** 3 * 0.9 : next() ** 3 * 0.9) * 1e6) / 1e6;
    const label = score >= 0.5 ? "spam" : "ham";
    const row: BenchRow = {
      id: `${options.prefix}-${i}`,
      timestamp: new Date(now - 60_000 - Math.floor(next() < 0.9 ? next() * hour : next() * week)).toISOString(),
      features: {
        length: Math.floor(200 + next() * (spam ? 4000 : 2000)),
        links: Math.floor(next() * (spam ? 12 : 4)),
        sender_reputation: Math.round(next() * 1000) / 1000,
        recipients: 1 + Math.floor(next() ** 4 * 50),
        sender_domain: DOMAINS[Math.floor(next() * DOMAINS.length)]!,
        has_attachment: next() < 0.2,
      },
      score,
      label,
    };
    const pick = next();
    if (pick < 0.25) row.version = VERSIONS[pick < 0.125 ? 0 : 1];
    if (next() < 0.05) row.actual = { label: spam ? "spam" : "ham" };
    rows[i] = row;
  }
  return rows;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The request bodies of `POST /api/v1/predictions`, serialised up front (the client's cost is not timed). */
export function requestBodies(rows: BenchRow[], batchSize: number): string[] {
  return chunk(rows, batchSize).map((predictions) => JSON.stringify({ model: MODEL_SLUG, predictions }));
}

/** The columns the ingest SQL writes, in the order copyText() gives them. */
export const COPY_COLUMNS = [
  "model_id",
  "version_id",
  "external_id",
  "predicted_at",
  "features",
  "score",
  "probabilities",
  "label",
  "value",
  "actual_label",
  "actual_value",
  "actual_at",
] as const;

/** COPY's text format: `\N` is null, and backslash, tab and the line ends must be escaped. */
function field(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!) : value;
}

/**
 * The same rows as COPY text lines, one string per batch, holding what the ingest SQL would store
 * for them (the version's id, ground truth stamped with the time of storing).
 */
export function copyText(rows: BenchRow[], batchSize: number, modelId: string, versionIds: Map<string, string>, storedAt: string): string[] {
  return chunk(rows, batchSize).map((batch) => {
    let text = "";
    for (const row of batch) {
      const versionId = row.version ? versionIds.get(row.version) : undefined;
      if (row.version && !versionId) throw new Error(`No version row for ${row.version}`);
      text +=
        [
          modelId,
          versionId ?? null,
          row.id,
          row.timestamp,
          JSON.stringify(row.features),
          row.score,
          null,
          row.label,
          null,
          row.actual?.label ?? null,
          null,
          row.actual ? storedAt : null,
        ]
          .map(field)
          .join("\t") + "\n";
    }
    return text;
  });
}
