import { EARLY_GROUPS, loadSpamCorpus, type CorpusGroup, type CorpusMail } from "./spam-corpus";
import { contentKey, isHeldOut } from "@/lib/training/split";
import { Random, clamp, mixSeed, type WeightedChoices } from "./random";

/**
 * The newsletter senders of hard-ham-1 (legitimate mail that looks commercial): v1 calls 124 of
 * their 130 e-mails spam, so the decay sits in these sender domains.
 */
export const NEWSLETTER_DOMAINS = ["online.com", "lockergnome.com", "unitedmedia.com", "imakenews.net"] as const;

/**
 * Which real e-mail arrives next, for the built-in spam filter. Before decay: mail like what v1
 * was trained on (the earlier corpus groups, only the e-mails held out of v1's training, 30%
 * spam). With decay, more and more of the later groups arrive, weighted towards the newsletters
 * of hard-ham-1 (NEWSLETTER_DOMAINS), next to spam-2's newer spam tricks. Nothing is drawn: v1's
 * errors on this mail are its own.
 */
type LatePool = "newsletters" | "spam-2" | "easy-ham-2";
const LATE_MIX: WeightedChoices<LatePool> = [
  ["newsletters", 0.4],
  ["spam-2", 0.35],
  ["easy-ham-2", 0.25],
];
const EARLY_SPAM_SHARE = 0.3;

type Pools = Record<"earlyHam" | "earlySpam" | LatePool, CorpusMail[]>;
let pools: Pools | undefined;

function corpusPools(): Pools {
  if (pools) return pools;
  const corpus = loadSpamCorpus();
  const byGroup = (group: CorpusGroup) => corpus.filter((m) => m.group === group);
  const heldOutEarly = corpus.filter((m) => EARLY_GROUPS.includes(m.group) && isHeldOut(contentKey(m)));
  pools = {
    earlyHam: heldOutEarly.filter((m) => !m.spam),
    earlySpam: heldOutEarly.filter((m) => m.spam),
    newsletters: byGroup("hard-ham-1").filter((m) => (NEWSLETTER_DOMAINS as readonly string[]).includes(m.features.sender_domain)),
    "easy-ham-2": byGroup("easy-ham-2"),
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
