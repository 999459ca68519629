// Shared formatting for charts and figures.

export const percent = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(digits)}%`);
export const number = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? "—" : v.toLocaleString("en", { maximumFractionDigits: digits }));
export const count = (v: number) => v.toLocaleString("en");

/** Axis and tooltip labels for bucket starts, in UTC like the rest of Vigil. */
export function bucketLabel(iso: string, bucket: "hour" | "day"): string {
  const d = new Date(iso);
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return bucket === "day" ? day : `${day} ${d.toISOString().slice(11, 16)}`;
}
