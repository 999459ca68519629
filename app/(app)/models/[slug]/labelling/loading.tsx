/** Shown while the sampling settings load (instead of the model dashboard's placeholder). */
export default function LoadingSamplingSettings() {
  return (
    <div aria-busy="true" aria-label="Loading the sampling settings" className="animate-pulse space-y-6">
      <div className="h-8 w-72 rounded bg-slate-200" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="h-96 rounded-lg bg-slate-200 lg:col-span-2" />
        <div className="h-64 rounded-lg bg-slate-200" />
      </div>
    </div>
  );
}
