"use client";

import { LoadError } from "@/components/ui/load-error";

export default function RunsError({ reset }: { reset: () => void }) {
  return <LoadError message="The runs could not be loaded." reset={reset} />;
}
