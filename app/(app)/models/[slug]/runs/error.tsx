"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function RunsError({ reset }: { reset: () => void }) {
  return (
    <div className="space-y-3">
      <Alert>The runs could not be loaded. The server log has the details.</Alert>
      <Button variant="secondary" onClick={reset}>Try again</Button>
    </div>
  );
}
