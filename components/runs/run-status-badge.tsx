import { Badge } from "@/components/ui/badge";
import { RUN_STATUS_LABELS, type RunStatus } from "@/lib/registry/constants";

const TONES = { queued: "slate", running: "blue", succeeded: "green", failed: "red", cancelled: "amber" } as const;

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={TONES[status]}>{RUN_STATUS_LABELS[status]}</Badge>;
}
