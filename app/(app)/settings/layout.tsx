import Link from "next/link";
import { requirePageUser } from "@/lib/session/session";

const SECTIONS = [
  { href: "/settings/users", label: "Users" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/notifications", label: "Notifications" },
];

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser("users.manage");
  return (
    <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Settings" className="space-y-1">
        <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Settings</p>
        {SECTIONS.map((s) => (
          <Link key={s.href} href={s.href} className="block rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            {s.label}
          </Link>
        ))}
      </nav>
      <div>{children}</div>
    </div>
  );
}
