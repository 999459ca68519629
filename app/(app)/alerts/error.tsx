"use client";

import { LoadError } from "@/components/ui/load-error";

/** A failure on the Alerts page. */
export default function AlertsError({ reset }: { reset: () => void }) {
  return <LoadError message="Could not load this page." reset={reset} />;
}
