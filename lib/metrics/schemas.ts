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
