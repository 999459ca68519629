"use client";

import { LoadError } from "@/components/ui/load-error";

/** A failure on the Monitors page. */
export default function MonitorsError({ reset }: { reset: () => void }) {
  return <LoadError message="Could not load this page." reset={reset} />;
}
