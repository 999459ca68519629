"use client";

import { createContext, useContext, useState } from "react";
import { Alert } from "@/components/ui/alert";

type Flash = { tone: "error" | "success"; text: string } | null;
const FlashContext = createContext<(flash: Flash) => void>(() => {});

/**
 * Holds the outcome of the last decision above the list of requests: a decided request leaves
 * the "waiting" list when the page refreshes, and its form with it, so the message lives here.
 */
export function DecisionFlash({ children }: { children: React.ReactNode }) {
  const [flash, setFlash] = useState<Flash>(null);
  return (
    <FlashContext.Provider value={setFlash}>
      {flash ? <div className="mb-6"><Alert tone={flash.tone}>{flash.text}</Alert></div> : null}
      {children}
    </FlashContext.Provider>
  );
}

export const useDecisionFlash = () => useContext(FlashContext);
