"use client";

import { LoadError } from "@/components/ui/load-error";

export default function VersionsError({ reset }: { reset: () => void }) {
  return <LoadError message="The versions could not be loaded." reset={reset} />;
}
