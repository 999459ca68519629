import { Random, clamp, mixSeed, roundTo } from "./random";
import type { SimulatedPrediction, TrafficGenerator, TrafficPoint } from "./types";

/**
 * Traffic for any multiclass model, in its own class names, with a story. At decay 0 the classes
 * arrive in shares 1 : ½ : ⅓ … and the model is right about 94% of the time. As decay rises the
 * last class grows towards half of all rows, arriving more and more through a new channel
 * (`partner-api`) in a form the model never saw: it takes that mail for the first class, so
 * accuracy really drops (to about 53% at full decay, four classes) and the class mix shifts.
 */
export const MULTICLASS_VERSION = "v1";
export const NEW_CHANNEL = "partner-api";
const CHANNELS = ["web", "app", "email"] as const;

export function multiclassPrediction(seed: number, point: TrafficPoint, classes: readonly string[], version = MULTICLASS_VERSION): SimulatedPrediction {
  const random = new Random(mixSeed(seed, "multiclass", point.index));
  const decay = clamp(point.decay, 0, 1);
  const k = classes.length;
  const base = classes.map((_, i) => 1 / (i + 1));
  const baseTotal = base.reduce((a, b) => a + b, 0);
  const truth = random.pick(base.map((w, i) => [i, i === k - 1 ? w + decay * baseTotal : w] as const));
  const unfamiliar = truth === k - 1 && random.chance(0.8 * decay);

  // The model's logits: a clear signal for the class it recognises, noise for every class.
  const seen = unfamiliar ? 0 : truth;
  const logits = classes.map((_, i) => random.normal(0, 1) + (i === seen ? 2.8 : 0));
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top));
  const sum = e.reduce((a, b) => a + b, 0);
  const probabilities = Object.fromEntries(classes.map((c, i) => [c, roundTo(e[i]! / sum, 4)]));
  const best = logits.indexOf(top);

  const features = {
    length: Math.max(20, Math.round(random.logNormal(400 * (1 + 0.4 * truth), 0.5))),
    links: random.poisson(1 + truth),
    channel: unfamiliar ? NEW_CHANNEL : CHANNELS[Math.floor(random.next() * CHANNELS.length)]!,
  };
  return {
    row: { id: point.id ?? String(point.index), version, timestamp: point.timestamp.toISOString(), features, probabilities, label: classes[best]! },
    truth: { label: classes[truth]! },
  };
}

export function multiclassTraffic(seed: number, classes: readonly string[], version = MULTICLASS_VERSION): TrafficGenerator {
  return (point) => multiclassPrediction(seed, point, classes, version);
}
