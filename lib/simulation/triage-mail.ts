import { fnv1a } from "@/lib/training/features";
import { loadSpamCorpus, type CorpusMail } from "./spam-corpus";
import { Random, clamp, mixSeed, type WeightedChoices } from "./random";

/**
 * The demo's multiclass model sorts mail into the SpamAssassin corpus's own groups: everyday mail
 * (easy ham), legitimate mail that looks commercial (hard ham) and spam. It is trained on the
 * earlier mail: easy-ham-1, spam-1 and one half of hard-ham-1 (the corpus has only one hard-ham
 * group, 250 e-mails, split by a hash of the id). Its traffic is the later mail it never saw:
 * easy-ham-2, spam-2 and the other half of hard-ham-1, with more hard ham as time goes on.
 */
export const TRIAGE_CLASSES = ["easy-ham", "hard-ham", "spam"] as const;
export type TriageClass = (typeof TRIAGE_CLASSES)[number];

export const triageClass = (mail: CorpusMail): TriageClass => (mail.spam ? "spam" : mail.group === "hard-ham-1" ? "hard-ham" : "easy-ham");

/** Hard ham in the training half: a stable hash of the e-mail's id, about one in two. */
const inTrainingHalf = (mail: CorpusMail) => fnv1a(`triage:${mail.id}`) % 2 === 0;

/** The e-mails the first version learns from, each with its class. */
export function triageTrainingMail(): { mail: CorpusMail; label: TriageClass }[] {
  return loadSpamCorpus()
    .filter((m) => m.group === "easy-ham-1" || m.group === "spam-1" || (m.group === "hard-ham-1" && inTrainingHalf(m)))
    .map((mail) => ({ mail, label: triageClass(mail) }));
}

const EARLY_MIX: WeightedChoices<TriageClass> = [["easy-ham", 0.65], ["hard-ham", 0.1], ["spam", 0.25]];
const LATE_MIX: WeightedChoices<TriageClass> = [["easy-ham", 0.45], ["hard-ham", 0.3], ["spam", 0.25]];

let pools: Record<TriageClass, CorpusMail[]> | undefined;

function laterPools(): Record<TriageClass, CorpusMail[]> {
  if (pools) return pools;
  const corpus = loadSpamCorpus();
  pools = {
    "easy-ham": corpus.filter((m) => m.group === "easy-ham-2"),
    "hard-ham": corpus.filter((m) => m.group === "hard-ham-1" && !inTrainingHalf(m)),
    spam: corpus.filter((m) => m.group === "spam-2"),
  };
  return pools;
}

/** The `index`th e-mail of the triage traffic; `shift` (0 to 1) moves the mix towards hard ham. */
export function triageMailAt(seed: number, index: number, shift: number): { mail: CorpusMail; label: TriageClass } {
  const random = new Random(mixSeed(seed, "triage", index));
  const label = random.pick(random.chance(clamp(shift, 0, 1)) ? LATE_MIX : EARLY_MIX);
  const pool = laterPools()[label];
  return { mail: pool[Math.floor(random.next() * pool.length)]!, label };
}
