import { z } from "zod";
import { IsoTime } from "@/lib/validation/time";

export const MAX_RANGE_DAYS = 400;
export const MAX_HOURLY_POINTS = 24 * 45;

/** `?from=…&to=…&bucket=hour|day[&segment=…]`; defaults: the last 7 days, hourly up to 3 days, else daily. */
export const MetricsQuery = z
  .object({
    from: IsoTime().optional(),
    to: IsoTime().optional(),
    bucket: z.enum(["hour", "day"], { message: "must be hour or day" }).optional(),
    /** A split: `version`, or `feature:<name>` of a declared segment feature (checked against the model). */
    segment: z.string().regex(/^(version|feature:.{1,200})$/, { message: "must be version or feature:<name>" }).optional(),
  })
  .transform((q, ctx) => {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 86_400_000);
    const span = to.getTime() - from.getTime();
    if (span <= 0) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before to" });
    if (span > MAX_RANGE_DAYS * 86_400_000) ctx.addIssue({ code: "custom", path: ["from"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });
    const bucket = q.bucket ?? (span <= 3 * 86_400_000 ? "hour" : "day");
    if (bucket === "hour" && span > MAX_HOURLY_POINTS * 3_600_000) ctx.addIssue({ code: "custom", path: ["bucket"], message: "hourly buckets cover at most 45 days; use bucket=day" });
    return { from, to, bucket, segment: q.segment };
  });
export type MetricsQuery = z.output<typeof MetricsQuery>;

/** `?from=…&to=…&basis=groundTruth|sampled&minN=…` of the slices; default: the last 7 days, ground truth. */
export const SlicesQuery = z
  .object({
    from: IsoTime().optional(),
    to: IsoTime().optional(),
    basis: z.enum(["groundTruth", "sampled"], { message: "must be groundTruth or sampled" }).optional(),
    minN: z.coerce.number({ message: "must be a number of labelled predictions" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "at most 1,000,000").optional(),
  })
  .transform((q, ctx) => {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 86_400_000);
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before to" });
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) ctx.addIssue({ code: "custom", path: ["from"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });
    // Sampled accuracy per slice needs each labelled item's weight by slice: not built yet.
    if (q.basis === "sampled") ctx.addIssue({ code: "custom", path: ["basis"], message: "sampled slices are not available yet; use groundTruth" });
    return { from, to, basis: "groundTruth" as const, minN: q.minN };
  });
export type SlicesQuery = z.output<typeof SlicesQuery>;
