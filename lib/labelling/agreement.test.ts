import { describe, expect, it } from "vitest";
import { agreementOf, type DoubleLabel } from "./agreement";

const item = (a: string, la: string, b: string, lb: string): DoubleLabel => ({ first: { annotator: a, label: la }, second: { annotator: b, label: lb } });

describe("agreement on items labelled twice", () => {
  const items = [
    item("ada", "spam", "bob", "spam"),
    item("bob", "ham", "ada", "ham"),
    item("ada", "spam", "bob", "ham"),
    item("cy", "spam", "ada", "spam"),
    item("ada", "ham", "cy", "spam"),
  ];

  it("gives each annotator pair its own kappa, each person on one side (worked by hand)", () => {
    const { pairs } = agreementOf(items);
    // ada–bob, ada's labels first: (spam, spam), (ham, ham), (spam, ham). p_o = 2/3;
    //   ada spam 2, ham 1; bob spam 1, ham 2; p_e = (2·1 + 1·2)/9 = 4/9; κ = (2/3 − 4/9)/(5/9) = 0.4
    // ada–cy: (spam, spam), (ham, spam). p_o = 1/2; ada spam 1, ham 1; cy spam 2;
    //   p_e = (1·2 + 1·0)/4 = 1/2; κ = 0
    expect(pairs.map((p) => p.annotators)).toEqual([["ada", "bob"], ["ada", "cy"]]);
    expect(pairs[0]).toMatchObject({ n: 3, disagreements: 1 });
    expect(pairs[0]!.kappa).toBeCloseTo(0.4, 12);
    expect(pairs[0]!.expectedAgreement).toBeCloseTo(4 / 9, 12);
    expect(pairs[1]).toMatchObject({ n: 2, disagreements: 1 });
    expect(pairs[1]!.kappa).toBeCloseTo(0, 12);
  });

  it("gives the model the kappa of first against second label (worked by hand)", () => {
    // (spam, spam), (ham, ham), (spam, ham), (spam, spam), (ham, spam): p_o = 3/5;
    //   first spam 3, ham 2; second spam 3, ham 2; p_e = (3·3 + 2·2)/25 = 13/25;
    //   κ = (0.6 − 0.52)/(0.48) = 1/6
    const { overall } = agreementOf(items);
    expect(overall).toMatchObject({ n: 5, disagreements: 2 });
    expect(overall!.kappa).toBeCloseTo(1 / 6, 12);
  });

  it("has no figure without items labelled twice", () => {
    expect(agreementOf([])).toEqual({ overall: null, pairs: [] });
  });
});
