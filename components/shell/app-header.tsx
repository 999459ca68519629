"use client";

import Image from "next/image";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { OpenAlertsLink } from "@/components/alerts/open-alerts-link";

type Props = { nav: { href: string; label: string }[]; user: { name: string; email: string; role: Role } };

export function AppHeader({ nav, user }: Props) {
  const pathname = usePathname();
  const isActive = (href: string) => (href === "/" ? pathname === "/" || pathname.startsWith("/models") : pathname.startsWith(href.split("/").slice(0, 2).join("/")));

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <Image src="/vigil.svg" alt="" width={24} height={24} />
          Vigil
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          {nav.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={isActive(item.href) ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                isActive(item.href) ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
              }`}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <OpenAlertsLink />
          <Link href="/api-docs" className="text-sm font-medium text-slate-600 hover:text-slate-900">
            API
          </Link>
          <Link
            href="/account"
            title="Your account: password and sessions"
            aria-current={pathname === "/account" ? "page" : undefined}
            className="hidden rounded-md px-2 py-1 text-right hover:bg-slate-100 sm:block"
            data-testid="signed-in-user"
          >
            <div className="text-sm font-medium leading-tight text-slate-900">{user.name}</div>
            <div className="text-xs leading-tight text-slate-500">
              {user.email} · {ROLE_LABELS[user.role]}
            </div>
          </Link>
          <Link href="/account" className="text-sm font-medium text-slate-600 hover:text-slate-900 sm:hidden">
            Account
          </Link>
          <button
            type="button"
            onClick={() => void signOut({ callbackUrl: "/login" })}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
