import Link from "next/link";

const TABS = [
  { href: "", label: "Dashboard" },
  { href: "/versions", label: "Versions" },
  { href: "/runs", label: "Runs" },
] as const;

/** The model's sub-pages, as links (the current one marked for screen readers). */
export function ModelTabs({ slug, current }: { slug: string; current: "" | "/versions" | "/runs" }) {
  return (
    <nav aria-label="Model pages" className="mb-6 flex gap-1 border-b border-slate-200">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={`/models/${slug}${tab.href}`}
          aria-current={tab.href === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab.href === current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
