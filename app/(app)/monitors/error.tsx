"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A failure on the Alerts or Monitors pages: say so plainly and offer to try again. */
export default function AlertsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-3">
      <Alert>Could not load this page. The server log has the details.</Alert>
      <Button variant="secondary" onClick={reset}>Try again</Button>
    </div>
  );
}
