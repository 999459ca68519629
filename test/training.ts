/** Two vocabularies, a little noise: a classifier learns them well past chance. */
export function syntheticExamples(modelId: string, n: number, prefix = "ex") {
  return Array.from({ length: n }, (_, i) => {
    const spam = i % 3 === 0;
    const words = spam ? ["winner", "prize", "cheap", "offer", "click"] : ["meeting", "notes", "project", "lunch", "review"];
    return { modelId, externalId: `${prefix}-${i}`, text: `${words[i % 5]} ${words[(i * 7) % 5]} message ${i}`, features: { links: spam ? 4 : 0 }, label: spam ? "spam" : "ham", source: "test" };
  });
}
