import { EARLY_GROUPS, loadSpamCorpus, type CorpusGroup, type CorpusMail } from "./spam-corpus";
import { contentKey, isHeldOut } from "@/lib/training/split";
import { Random, clamp, mixSeed, type WeightedChoices } from "./random";

/**
 * Which real e-mail arrives next, for the built-in spam filter. Before decay: mail like what v1
 * was trained on (the earlier corpus groups, only the e-mails held out of v1's training, 30%
 * spam). With decay, more and more of the later groups arrive, weighted towards hard-ham-1:
 * legitimate newsletters and commercial mail v1 mistakes for spam, next to spam-2's newer spam
 * tricks. Nothing is drawn: v1's errors on this mail are its own.
 */
const LATE_MIX: WeightedChoices<CorpusGroup> = [
  ["hard-ham-1", 0.4],
  ["spam-2", 0.35],
  ["easy-ham-2", 0.25],
];
const EARLY_SPAM_SHARE = 0.3;

type Pools = Record<"earlyHam" | "earlySpam", CorpusMail[]> & Record<CorpusGroup, CorpusMail[]>;
let pools: Pools | undefined;

function corpusPools(): Pools {
  if (pools) return pools;
  const corpus = loadSpamCorpus();
  const byGroup = (group: CorpusGroup) => corpus.filter((m) => m.group === group);
  const heldOutEarly = corpus.filter((m) => EARLY_GROUPS.includes(m.group) && isHeldOut(contentKey(m)));
  pools = {
    earlyHam: heldOutEarly.filter((m) => !m.spam),
    earlySpam: heldOutEarly.filter((m) => m.spam),
    "easy-ham-1": byGroup("easy-ham-1"),
    "easy-ham-2": byGroup("easy-ham-2"),
    "hard-ham-1": byGroup("hard-ham-1"),
    "spam-1": byGroup("spam-1"),
    "spam-2": byGroup("spam-2"),
  };
  return pools;
}

export function corpusMailAt(seed: number, index: number, decay: number): CorpusMail {
  const random = new Random(mixSeed(seed, "corpus", index));
  const p = corpusPools();
  if (random.chance(clamp(decay, 0, 1))) {
    const pool = p[random.pick(LATE_MIX)];
    return pool[Math.floor(random.next() * pool.length)]!;
  }
  const pool = random.chance(EARLY_SPAM_SHARE) ? p.earlySpam : p.earlyHam;
  return pool[Math.floor(random.next() * pool.length)]!;
}
