// Client-safe formatting shared by the registry, runs, deploys and audit views.

export const percent = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? "–" : `${(value * 100).toFixed(digits)}%`);
export const number = (value: number | null | undefined, digits = 3) => (value === null || value === undefined || Number.isNaN(value) ? "–" : value.toFixed(digits));
export const when = (iso: string | Date | null | undefined) => (iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "–");
