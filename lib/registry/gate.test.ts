import { describe, expect, it } from "vitest";
import { decideGate, type GateComparison } from "./gate";

const comparison = (n: number, candidate: number, production: number | null): GateComparison => ({
  n,
  candidate: { accuracy: candidate, f1: 0, auc: null },
  production: production === null ? null : { accuracy: production, f1: 0, auc: null },
});
const auto = { policy: "auto" as const, autoMargin: 0.02, autoMinN: 100 };

describe("the deploy gate", () => {
  it("asks for approval under the approval policy, however good the candidate", () => {
    expect(decideGate(comparison(5000, 0.99, 0.5), { ...auto, policy: "approval" }).deploy).toBe("approval");
  });
  it("deploys on its own when the candidate wins by the margin on enough labels", () => {
    expect(decideGate(comparison(100, 0.93, 0.91), auto).deploy).toBe("auto"); // gain 0.02 = margin
    expect(decideGate(comparison(100, 0.929, 0.91), auto).deploy).toBe("approval"); // gain 0.019
  });
  it("waits when there are too few labels", () => {
    expect(decideGate(comparison(99, 0.99, 0.5), auto)).toMatchObject({ deploy: "approval", reason: expect.stringContaining("at least 100") });
  });
  it("waits when the trigger only proposes", () => {
    expect(decideGate(comparison(500, 0.99, 0.5), auto, false).deploy).toBe("approval");
  });
  it("deploys a first version on enough labels", () => {
    expect(decideGate(comparison(100, 0.7, null), auto).deploy).toBe("auto");
  });
});
