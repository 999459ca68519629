import { describe, expect, it } from "vitest";
import { deployMarkers, markerText } from "./chart-markers";

const starts = ["2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z"];
const label = (s: string) => s.slice(5, 10);

describe("deployMarkers", () => {
  it("puts each deploy and rollback on the bucket it happened in, joining those of one bucket", () => {
    expect(
      deployMarkers(
        [
          { at: "2026-03-02T00:00:00.000Z", type: "deployed", version: "v2" },
          { at: "2026-03-02T23:59:59.999Z", type: "rolled_back", version: "v1" },
          { at: "2026-03-03T12:00:00.000Z", type: "deployed", version: "v3" },
        ],
        starts,
        label,
      ),
    ).toEqual([
      { x: "03-02", label: "v2 deployed, rolled back to v1" },
      { x: "03-03", label: "v3 deployed" },
    ]);
  });

  it("leaves out what happened before the first bucket, and draws nothing without buckets", () => {
    expect(deployMarkers([{ at: "2026-02-28T23:00:00.000Z", type: "deployed", version: "v2" }], starts, label)).toEqual([]);
    expect(deployMarkers([{ at: "2026-03-02T00:00:00.000Z", type: "deployed", version: "v2" }], [], label)).toEqual([]);
  });

  it("says what happened in words", () => {
    expect(markerText({ at: "", type: "rolled_back", version: "v1" })).toBe("rolled back to v1");
  });
});
