import { Random, clamp, mixSeed, roundTo, type WeightedChoices } from "./random";
import type { SimulatedPrediction, TrafficGenerator, TrafficPoint } from "./types";

/**
 * Spam-filter traffic with a story. At decay 0 about 30% of mail is spam, the model flags about
 * 30% and is right about 92% of the time. As decay rises, a newsletter platform the model never
 * saw starts sending legitimate mail (long, full of tracking links, from a new domain) and
 * ordinary mail grows longer and link-heavier too. The model leans on length and links, so it
 * flags three messages in four while the true spam share only creeps up: accuracy really drops.
 */

export type BinaryClasses = { positive: string; negative: string };
export const SPAM_CLASSES: BinaryClasses = { positive: "spam", negative: "ham" };
export const SPAM_VERSION = "v1";

/** The domain that appears with decay: a marketing platform switched on after training. */
export const NEW_SENDER_DOMAIN = "news.mailblast.io";

const HAM_DOMAINS: WeightedChoices<string> = [
  ["gmail.com", 0.32],
  ["outlook.com", 0.22],
  ["example.org", 0.3],
  ["yahoo.com", 0.1],
  ["partner.example.com", 0.06],
];
const SPAM_DOMAINS: WeightedChoices<string> = [
  ["gmail.com", 0.14],
  ["outlook.com", 0.08],
  ["yahoo.com", 0.14],
  ["deals-today.biz", 0.34],
  ["promo-blast.net", 0.3],
];

/** What the model learned about each sender domain (log-odds); unseen domains look suspicious. */
const DOMAIN_WEIGHT: Record<string, number> = {
  "gmail.com": 0,
  "outlook.com": -0.2,
  "example.org": -0.6,
  "yahoo.com": 0.2,
  "partner.example.com": -0.6,
  "deals-today.biz": 1.4,
  "promo-blast.net": 1.4,
};
const UNSEEN_DOMAIN_WEIGHT = 0.9;

export function spamPrediction(seed: number, point: TrafficPoint, classes: BinaryClasses = SPAM_CLASSES, version = SPAM_VERSION): SimulatedPrediction {
  const random = new Random(mixSeed(seed, "spam", point.index));
  const decay = clamp(point.decay, 0, 1);

  const isSpam = random.chance(0.3 + 0.05 * decay);
  const fromNewPlatform = !isSpam && random.chance(0.55 * decay);

  let length: number;
  let links: number;
  let capsRatio: number;
  let domain: string;
  let hasAttachment: boolean;
  if (isSpam) {
    length = random.logNormal(900, 0.6);
    links = random.poisson(5);
    capsRatio = random.normal(0.2, 0.08);
    domain = random.pick(SPAM_DOMAINS);
    hasAttachment = random.chance(0.25);
  } else if (fromNewPlatform) {
    length = random.logNormal(2600, 0.4);
    links = 6 + random.poisson(8);
    capsRatio = random.normal(0.14, 0.05);
    domain = NEW_SENDER_DOMAIN;
    hasAttachment = random.chance(0.05);
  } else {
    // Ordinary mail drifts too: longer signatures and footers, more tracked links.
    length = random.logNormal(550 * (1 + 0.8 * decay), 0.6);
    links = random.poisson(1 + 2.5 * decay);
    capsRatio = random.normal(0.06 + 0.03 * decay, 0.04);
    domain = random.pick(HAM_DOMAINS);
    hasAttachment = random.chance(0.18);
  }
  length = Math.max(20, Math.round(length));
  capsRatio = roundTo(clamp(capsRatio, 0, 1), 3);

  // What the model saw in training: the text itself (hidden here) carries most of the signal,
  // length, links and the sender the rest.
  const content = random.normal(isSpam ? 0.5 : -0.5, 1.4);
  const logOdds =
    content +
    0.75 * Math.log(length / 700) +
    0.3 * (links - 2) +
    4 * (capsRatio - 0.1) +
    (DOMAIN_WEIGHT[domain] ?? UNSEEN_DOMAIN_WEIGHT) +
    (hasAttachment ? 0.3 : 0) -
    1.0;
  const score = roundTo(1 / (1 + Math.exp(-logOdds)), 4);

  return {
    row: {
      id: point.id ?? String(point.index),
      version,
      timestamp: point.timestamp.toISOString(),
      features: { length, links, caps_ratio: capsRatio, sender_domain: domain, has_attachment: hasAttachment },
      score,
      label: score >= 0.5 ? classes.positive : classes.negative,
    },
    truth: { label: isSpam ? classes.positive : classes.negative },
  };
}

export function spamTraffic(seed: number, classes: BinaryClasses = SPAM_CLASSES, version = SPAM_VERSION): TrafficGenerator {
  return (point) => spamPrediction(seed, point, classes, version);
}
