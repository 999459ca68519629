/** Shown while the server computes a model's figures for a new range. */
export default function LoadingModel() {
  return (
    <div aria-busy="true" aria-label="Loading the model's figures" className="animate-pulse space-y-6">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="grid grid-cols-[repeat(auto-fit,minmax(11rem,1fr))] gap-3">
        {Array.from({ length: 5 }, (_, i) => <div key={i} className="h-28 rounded-lg bg-slate-200" />)}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="h-64 rounded-lg bg-slate-200" />
        <div className="h-64 rounded-lg bg-slate-200" />
      </div>
    </div>
  );
}
