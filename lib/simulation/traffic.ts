import { z } from "zod";
import { deliveryTraffic } from "./delivery";
import { multiclassTraffic } from "./multiclass";
import { spamTraffic } from "./spam";
import type { TrafficGenerator, TrafficPoint } from "./types";
import { corpusMailAt } from "./corpus-mail";
import { triageMailAt } from "./triage-mail";

/** `GET /api/v1/models`, as much of it as the simulator needs to pick a model's traffic. */
export const ApiModelList = z.object({
  models: z.array(z.object({ slug: z.string(), name: z.string(), task: z.string(), classes: z.array(z.string()), positiveClass: z.string().nullable() })),
});
export type ApiModel = z.infer<typeof ApiModelList>["models"][number];

export type ModelTraffic = { kind: "spam" | "delivery" | "multiclass"; generate: TrafficGenerator; positiveClass: string | null };

/** Real e-mail for a built-in model: sent to its predict endpoint, which scores and records it. */
export type ServedTraffic = {
  kind: "corpus";
  positiveClass: string;
  next: (point: TrafficPoint) => { input: { id: string; timestamp: string; text: string; features: Record<string, unknown> }; truth: { label: string } };
};

/** The demo's built-in spam filter: SpamAssassin mail, later groups arriving with decay. */
export function corpusTraffic(seed: number): ServedTraffic {
  return {
    kind: "corpus",
    positiveClass: "spam",
    next: (point) => {
      const mail = corpusMailAt(seed, point.index, point.decay);
      return {
        input: { id: point.id ?? String(point.index), timestamp: point.timestamp.toISOString(), text: mail.text, features: mail.features },
        truth: { label: mail.spam ? "spam" : "ham" },
      };
    },
  };
}

/**
 * The demo's built-in mail triage: the later SpamAssassin mail it never saw, more and more hard
 * ham as decay rises (its status line follows the hard-ham share).
 */
export function triageCorpusTraffic(seed: number): ServedTraffic {
  return {
    kind: "corpus",
    positiveClass: "hard-ham",
    next: (point) => {
      const { mail, label } = triageMailAt(seed, point.index, point.decay);
      return { input: { id: point.id ?? String(point.index), timestamp: point.timestamp.toISOString(), text: mail.text, features: mail.features }, truth: { label } };
    },
  };
}

/** Real e-mail for the demo's built-in models by slug, or null for a model that has none. */
export function servedTrafficFor(slug: string, seed: number): ServedTraffic | null {
  if (slug === "spam-filter") return corpusTraffic(seed);
  if (slug === "mail-triage") return triageCorpusTraffic(seed);
  return null;
}

/**
 * The generator that fits a model: a binary classifier gets spam-filter traffic in its own class
 * names, a multiclass one a shifting class mix in its own names (multiclass.ts), a regression
 * model delivery-time traffic. Anything else gets a reason instead.
 */
export function trafficForModel(model: ApiModel, seed: number): ModelTraffic | { refused: string } {
  if (model.task === "regression") return { kind: "delivery", generate: deliveryTraffic(seed), positiveClass: null };
  if (model.task === "binary") {
    const negative = model.classes.find((c) => c !== model.positiveClass);
    if (!model.positiveClass || model.classes.length !== 2 || !negative) {
      return { refused: `${model.slug} is binary but does not name two classes and a positive class.` };
    }
    return { kind: "spam", generate: spamTraffic(seed, { positive: model.positiveClass, negative }), positiveClass: model.positiveClass };
  }
  if (model.task === "multiclass") {
    if (model.classes.length < 2) return { refused: `${model.slug} is multiclass but names fewer than two classes.` };
    // The status line follows the last class: the one that grows as the traffic decays.
    return { kind: "multiclass", generate: multiclassTraffic(seed, model.classes), positiveClass: model.classes.at(-1)! };
  }
  return { refused: `${model.slug} is a ${model.task} model; the simulator makes traffic for binary, multiclass and regression models only.` };
}
