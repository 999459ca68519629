import Link from "next/link";

/** Alerts and Monitors are two views of one job: tabs between them, keyboard reachable links. */
export function SectionTabs({ current, model }: { current: "alerts" | "monitors"; model?: string }) {
  const query = model ? `?model=${encodeURIComponent(model)}` : "";
  const tab = (key: "alerts" | "monitors", label: string) => (
    <Link
      href={`/${key}${query}`}
      aria-current={current === key ? "page" : undefined}
      className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${current === key ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Alerts and monitors" className="mb-6 flex gap-2 border-b border-slate-200">
      {tab("alerts", "Alerts")}
      {tab("monitors", "Monitors")}
    </nav>
  );
}
