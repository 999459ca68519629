export default function LoadingVersions() {
  return (
    <div aria-busy="true" aria-label="Loading the versions" className="animate-pulse space-y-4">
      <div className="h-8 w-72 rounded bg-slate-200" />
      <div className="h-24 rounded-lg bg-slate-200" />
      <div className="h-24 rounded-lg bg-slate-200" />
    </div>
  );
}
