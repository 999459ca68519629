export function ProgressBar({ value, label, tone = "brand" }: { value: number; label: string; tone?: "brand" | "green" | "red" | "slate" }) {
  const colour = { brand: "bg-brand-600", green: "bg-emerald-600", red: "bg-red-500", slate: "bg-slate-400" }[tone];
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-2 w-full overflow-hidden rounded-full bg-slate-100">
      <div className={`h-full ${colour} motion-safe:transition-[width] motion-safe:duration-500`} style={{ width: `${pct}%` }} />
    </div>
  );
}
