import { seededRandom } from "@/lib/stats/seeded-random";

export type TrainOptions = { epochs: number; learningRate?: number; l2?: number; seed?: number };
export type EpochReport = { epoch: number; epochs: number; loss: number };

/**
 * The outer loop both trainers share: each epoch visits every example once in a fresh seeded
 * Fisher–Yates order, at a step of rate/√epoch, and reports the epoch's mean loss to `onEpoch`
 * (awaited: the caller stores progress and may throw to stop, for a cancel or a shutdown).
 * `visit` takes one SGD step on example `index` and returns that example's loss.
 */
export async function runEpochs(
  size: number,
  options: TrainOptions,
  onEpoch: (report: EpochReport) => Promise<void> | void,
  visit: (index: number, step: number) => number,
): Promise<void> {
  const rate = options.learningRate ?? 0.5;
  const random = seededRandom(options.seed ?? 7);
  const order = Array.from({ length: size }, (_, i) => i);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const step = rate / Math.sqrt(epoch);
    let loss = 0;
    for (const index of order) loss += visit(index, step);
    await onEpoch({ epoch, epochs: options.epochs, loss: loss / Math.max(1, order.length) });
  }
}
