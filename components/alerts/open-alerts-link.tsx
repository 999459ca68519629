"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

const REFRESH_MS = 30_000;

/** "Alerts" in the header, with the number of open alerts; refreshed every 30 s and on each page change. */
export function OpenAlertsLink() {
  const pathname = usePathname();
  const [open, setOpen] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const response = await fetch("/api/v1/alerts?state=firing&limit=1", { cache: "no-store" });
        if (!response.ok) return;
        const body = (await response.json()) as { open: number };
        if (!stopped) setOpen(body.open);
      } catch {
        // Offline for a moment: keep the last count.
      }
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pathname]);

  const active = pathname.startsWith("/alerts") || pathname.startsWith("/monitors");
  return (
    <Link
      href="/alerts"
      aria-current={active ? "page" : undefined}
      aria-label={open ? `Alerts, ${open} open` : "Alerts"}
      data-testid="alerts-link"
      className={`inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:text-slate-900"}`}
    >
      Alerts
      {open ? (
        <span data-testid="open-alerts-count" className="inline-flex min-w-5 items-center justify-center rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white">
          {open}
        </span>
      ) : null}
    </Link>
  );
}
