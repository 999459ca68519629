"use client";

import { useRouter } from "next/navigation";

/** Filters a list by model through the URL (?model=), so a filtered view can be linked to. */
export function ModelFilter({ models, current, path }: { models: { slug: string; name: string }[]; current: string; path: string }) {
  const router = useRouter();
  if (models.length < 2 && !current) return null;
  return (
    <div className="mb-4 flex items-center gap-2 text-sm">
      <label htmlFor="model-filter" className="text-slate-600">Model</label>
      <select id="model-filter" value={current} onChange={(e) => router.push(e.target.value ? `${path}?model=${encodeURIComponent(e.target.value)}` : path)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
        <option value="">All models</option>
        {models.map((m) => <option key={m.slug} value={m.slug}>{m.name}</option>)}
      </select>
    </div>
  );
}
