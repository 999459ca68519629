"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";

/** Changes the page's query string in place (null removes a key): views live in the URL. */
export function useQueryChange(): (changes: Record<string, string | null>) => void {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (changes) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
}
