import type { Database } from "@/lib/db/connect";
import { triageTrainingMail } from "@/lib/simulation/triage-mail";
import { seedBuiltInModel } from "./built-in-model";

export const TRIAGE_SLUG = "mail-triage";

/**
 * Makes the demo's mail triage a built-in multiclass model, v1 trained by the softmax trainer on
 * the earlier SpamAssassin mail labelled with the corpus's own groups (lib/simulation/triage-mail.ts).
 * Call it after seedDemo and before seedDemoHistory (the history is served by v1); safe at every start.
 */
export async function seedTriageModel(db: Database, options: { now?: Date } = {}): Promise<{ trained: string | null }> {
  const early = () => triageTrainingMail().map(({ mail, label }) => ({ externalId: mail.id, text: mail.text, features: mail.features, label }));
  return seedBuiltInModel(db, TRIAGE_SLUG, early, options);
}
