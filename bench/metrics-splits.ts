import { summarise, timedGet, type Timings } from "./metrics-http";
import { MODEL_SLUG } from "./data";
import { SEGMENT_FEATURE } from "./metrics-data";

// Issue 15, item 6: the 30-day chart split by version and by the 20-value segment feature, hourly
// and daily (the model page's 30 days), and the slices query, timed over HTTP against the same server and history as the chart data.

const DAY_MS = 86_400_000;
const WARMUP = 5;

/** Goals of issue 15: each split's p95 under 100 ms, the slices' under 200 ms (at 10 M predictions). */
export const SPLIT_GOALS = { splitP95Ms: 100, slicesP95Ms: 200 };

type SplitTiming = Timings & { values: number };
/** Each split hourly (720 points per value: 3.7 MB for 21 values) and daily (30 points per value, as the model page draws 30 days). */
export type SplitTimings = { byVersion: SplitTiming; byFeature: SplitTiming; byVersionDaily: SplitTiming; byFeatureDaily: SplitTiming; slices: Timings & { tested: number; tooSmall: number } };

type Server = { baseUrl: string; keyHeaders: Record<string, string> };

function rangeParams(days: number): Record<string, string> {
  const to = new Date();
  return { from: new Date(to.getTime() - days * DAY_MS).toISOString(), to: to.toISOString() };
}

async function timed(requests: number, url: () => string, headers: Record<string, string>, check: (body: string) => string | null) {
  for (let i = 0; i < WARMUP; i++) await timedGet(url(), headers, check);
  const samples: number[] = [];
  let body = "";
  for (let i = 0; i < requests; i++) {
    const got = await timedGet(url(), headers, check);
    samples.push(got.ms);
    body = got.body;
  }
  return { timings: summarise(samples, Buffer.byteLength(body)), body };
}

/** Each split's chart data and the slices over the whole history, `requests` timed requests each. */
export async function measureSplits(server: Server, days: number, requests: number): Promise<SplitTimings> {
  const metricsUrl = (segment: string, bucket: "hour" | "day" = "hour") => () =>
    `${server.baseUrl}/api/v1/models/${MODEL_SLUG}/metrics?${new URLSearchParams({ ...rangeParams(days), bucket, segment })}`;
  const splitCheck = (body: string) => (body.startsWith(`{"model":"${MODEL_SLUG}"`) && body.includes('"segments":[') ? null : `not a split: ${body.slice(0, 120)}`);
  const values = (body: string) => (JSON.parse(body) as { segments: unknown[] }).segments.length;

  const version = await timed(requests, metricsUrl("version"), server.keyHeaders, splitCheck);
  const feature = await timed(requests, metricsUrl(`feature:${SEGMENT_FEATURE}`), server.keyHeaders, splitCheck);
  const versionDaily = await timed(requests, metricsUrl("version", "day"), server.keyHeaders, splitCheck);
  const featureDaily = await timed(requests, metricsUrl(`feature:${SEGMENT_FEATURE}`, "day"), server.keyHeaders, splitCheck);
  const slicesUrl = () => `${server.baseUrl}/api/v1/models/${MODEL_SLUG}/slices?${new URLSearchParams(rangeParams(days))}`;
  const slicesCheck = (body: string) => (body.includes('"slices":[') ? null : `not the slices: ${body.slice(0, 120)}`);
  const slices = await timed(requests, slicesUrl, server.keyHeaders, slicesCheck);
  const answer = JSON.parse(slices.body) as { slices: unknown[]; tooSmall?: number };
  return {
    byVersion: { ...version.timings, values: values(version.body) },
    byFeature: { ...feature.timings, values: values(feature.body) },
    byVersionDaily: { ...versionDaily.timings, values: values(versionDaily.body) },
    byFeatureDaily: { ...featureDaily.timings, values: values(featureDaily.body) },
    slices: { ...slices.timings, tested: answer.slices.length, tooSmall: answer.tooSmall ?? 0 },
  };
}
