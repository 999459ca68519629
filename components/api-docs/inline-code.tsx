/** Renders `backticked` spans of API descriptions as code. */
export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em]">{part}</code>
        ) : (
          part
        ),
      )}
    </>
  );
}
