import type { PredictionRow } from "@/lib/ingest/schemas";

/** Where a simulated prediction sits: its place in the stream, its time and how broken the world is. */
export type TrafficPoint = {
  /** The prediction's number in the stream: with the seed, it decides every random draw of the row. */
  index: number;
  timestamp: Date;
  /** 0: the world the model was trained on; 1: fully drifted, the model badly wrong. */
  decay: number;
  /** The caller's id; defaults to `<index>` when the caller does not care. */
  id?: string;
};

/** What truth later says about a prediction: a class for classifiers, a number for regression. */
export type SimulatedTruth = { label: string } | { value: number };

/** One prediction row as API.md takes it, plus the truth that will (maybe) arrive later. */
export type SimulatedPrediction = {
  row: PredictionRow & { id: string; timestamp: string };
  truth: SimulatedTruth;
};

export type TrafficGenerator = (point: TrafficPoint) => SimulatedPrediction;
