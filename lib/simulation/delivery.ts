import { Random, clamp, mixSeed, roundTo, type WeightedChoices } from "./random";
import type { SimulatedPrediction, TrafficGenerator, TrafficPoint } from "./types";

/**
 * Delivery-time traffic with a story. At decay 0 the model predicts minutes from order to
 * doorstep within about 3.5 minutes on average. As decay rises the service opens a region the
 * model never saw (the harbour, far and slow), winter brings rain and snow that the model
 * underestimates, and couriers get busier, so deliveries run late across the board: the
 * residuals grow and lean one way (MAE and RMSE up, a bias appears).
 */

export const DELIVERY_VERSION = "v3";
export const NEW_REGION = "harbour";

const REGIONS = ["north", "south", "east", "west", "centre"] as const;

/** Minutes each region adds in truth, and what the model learned (it never saw the harbour). */
const REGION_MINUTES: Record<string, { truth: number; learned: number }> = {
  north: { truth: 2, learned: 2 },
  south: { truth: 0, learned: 0 },
  east: { truth: 3, learned: 3 },
  west: { truth: 1, learned: 1 },
  centre: { truth: 5, learned: 5 },
  [NEW_REGION]: { truth: 14, learned: 0 },
};

/** Snow was rare in the training data, so the model learned far too little of it. */
const WEATHER_MINUTES: Record<string, { truth: number; learned: number }> = {
  clear: { truth: 0, learned: 0 },
  cloudy: { truth: 1, learned: 1 },
  rain: { truth: 6, learned: 5 },
  snow: { truth: 16, learned: 6 },
};

/** Orders per delivery slot through the day: a lunch peak and a bigger dinner peak. */
const SLOT_WEIGHTS: WeightedChoices<number> = Array.from({ length: 24 }, (_, hour) => {
  const lunch = Math.exp(-((hour - 12.5) ** 2) / 3);
  const dinner = 1.4 * Math.exp(-((hour - 19) ** 2) / 4);
  return [hour, 0.05 + lunch + dinner] as const;
});

/** Minutes the rush hours add: the same in truth and in the model. */
const rushMinutes = (hour: number) => (hour >= 11 && hour <= 13 ? 4 : hour >= 18 && hour <= 20 ? 7 : 0);

export function deliveryPrediction(seed: number, point: TrafficPoint, version = DELIVERY_VERSION): SimulatedPrediction {
  const random = new Random(mixSeed(seed, "delivery", point.index));
  const decay = clamp(point.decay, 0, 1);

  const region = random.pick<string>([...REGIONS.map((r) => [r, 0.2] as const), [NEW_REGION, 0.3 * decay]]);
  const weather = random.pick<string>([
    ["clear", 0.58 - 0.28 * decay],
    ["cloudy", 0.26],
    ["rain", 0.14 + 0.14 * decay],
    ["snow", 0.02 + 0.14 * decay],
  ]);
  const distanceKm = roundTo(random.logNormal(region === NEW_REGION ? 7 : 3.5, 0.5), 1);
  const items = 1 + random.poisson(1.6);
  // The delivery slot the customer chose, not the time of the request: live traffic at one hour
  // of the day still spreads over the day's slots.
  const hour = random.pick(SLOT_WEIGHTS);

  const common = 9 + 2.6 * distanceKm + 1.1 * items + rushMinutes(hour);
  const regionMinutes = REGION_MINUTES[region]!;
  const weatherMinutes = WEATHER_MINUTES[weather]!;
  // The model is good but not perfect even on familiar ground; busier couriers add delay and spread.
  const predicted = common + regionMinutes.learned + weatherMinutes.learned + random.normal(0, 2);
  const actual = common + regionMinutes.truth + weatherMinutes.truth + 3 * decay + random.normal(0, 4 + 4 * decay);

  return {
    row: {
      id: point.id ?? String(point.index),
      version,
      timestamp: point.timestamp.toISOString(),
      features: { distance_km: distanceKm, items, hour, weather, region },
      value: roundTo(Math.max(5, predicted), 1),
    },
    truth: { value: roundTo(Math.max(5, actual), 1) },
  };
}

export function deliveryTraffic(seed: number, version = DELIVERY_VERSION): TrafficGenerator {
  return (point) => deliveryPrediction(seed, point, version);
}
