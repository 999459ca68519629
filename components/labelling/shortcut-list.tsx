import { SKIP_REASONS, SKIP_REASON_LABELS } from "@/lib/labelling/constants";
import { reasonShortcut } from "@/lib/labelling/keyboard";

const Key = ({ children }: { children: React.ReactNode }) => (
  <kbd className="inline-flex min-w-6 justify-center rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-700 shadow-xs">{children}</kbd>
);

export { Key };

/** The keyboard, as a list on the page. */
export function ShortcutList({ regression, classCount }: { regression: boolean; classCount: number }) {
  const last = Math.min(classCount, 9);
  return (
    <div>
      <h2 className="text-sm font-semibold text-slate-900">Keyboard</h2>
      <ul className="mt-2 space-y-1.5 text-sm text-slate-700" aria-label="Keyboard shortcuts">
        {regression ? (
          <li>
            Type the value, then <Key>Enter</Key>; <Key>Esc</Key> leaves the field
          </li>
        ) : (
          <li>
            <Key>1</Key>
            {last > 1 ? (
              <>
                –<Key>{last}</Key>
              </>
            ) : null}{" "}
            choose the class shown with that number
          </li>
        )}
        <li>
          <Key>S</Key> skip, then {SKIP_REASONS.map((r, i) => (
            <span key={r}>
              {i ? ", " : ""}
              <Key>{reasonShortcut(r)}</Key> {SKIP_REASON_LABELS[r].toLowerCase()}
            </span>
          ))}
          ; <Key>Esc</Key> goes back
        </li>
        <li>
          <Key>U</Key> undo your last label (for a minute after giving it)
        </li>
      </ul>
      <p className="mt-2 text-xs text-slate-500">Shortcuts do nothing while you type in a field.</p>
    </div>
  );
}
