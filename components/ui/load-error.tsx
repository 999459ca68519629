"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A page's error boundary (error.tsx): say plainly what failed, and offer to try again. */
export function LoadError({ message, reset }: { message: string; reset: () => void }) {
  return (
    <div className="space-y-3">
      <Alert>{message} The server log has the details.</Alert>
      <Button variant="secondary" onClick={reset}>Try again</Button>
    </div>
  );
}
