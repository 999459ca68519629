import type { Database } from "@/lib/db/connect";
import { EARLY_GROUPS, loadSpamCorpus } from "@/lib/simulation/spam-corpus";
import { seedBuiltInModel } from "./built-in-model";

/**
 * Makes the demo's spam filter a built-in model, v1 trained on the earlier SpamAssassin groups
 * (lib/demo/built-in-model.ts). Call it after seedDemo and before seedDemoHistory (the history is
 * served by v1); safe at every start.
 */
export async function seedSpamModel(db: Database, options: { now?: Date } = {}): Promise<{ trained: string | null }> {
  const early = () =>
    loadSpamCorpus()
      .filter((m) => EARLY_GROUPS.includes(m.group))
      .map((m) => ({ externalId: m.id, text: m.text, features: m.features, label: m.spam ? "spam" : "ham" }));
  return seedBuiltInModel(db, "spam-filter", early, options);
}
