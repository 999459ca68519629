import { SKIP_REASONS, type SkipReason } from "./constants";

/**
 * The labelling page's keyboard, as a pure function of the key and the page's state, so the
 * mapping is tested without a browser. 1–9 choose a class, S skips, U undoes the last label;
 * while choosing a skip reason 1–3 choose the reason and Escape goes back. Nothing fires while
 * the person types in a field, except Escape, which leaves it.
 */

export type KeyPress = { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; repeat?: boolean; inField: boolean };

/** `answer`: an item is shown; `skip`: a skip reason is being chosen; `idle`: no item (empty queue). */
export type KeyboardState = { phase: "answer" | "skip" | "idle"; classes: readonly string[] };

export type Shortcut =
  | { type: "label"; label: string }
  | { type: "skip" }
  | { type: "undo" }
  | { type: "reason"; reason: SkipReason }
  | { type: "cancel" }
  | { type: "leaveField" };

export const MAX_CLASS_SHORTCUTS = 9;

/** The key that chooses the class at `index` (0-based), or null past the ninth class. */
export function classShortcut(index: number): string | null {
  return index >= 0 && index < MAX_CLASS_SHORTCUTS ? String(index + 1) : null;
}

export function reasonShortcut(reason: SkipReason): string {
  return String(SKIP_REASONS.indexOf(reason) + 1);
}

export function shortcutFor(press: KeyPress, state: KeyboardState): Shortcut | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.key === "Escape") return state.phase === "skip" ? { type: "cancel" } : press.inField ? { type: "leaveField" } : null;
  if (press.inField || press.repeat) return null;
  const key = press.key.toLowerCase();
  if (state.phase === "skip") {
    const reason = /^[1-9]$/.test(key) ? SKIP_REASONS[Number(key) - 1] : undefined;
    return reason ? { type: "reason", reason } : null;
  }
  if (key === "u") return { type: "undo" };
  if (state.phase === "idle") return null;
  if (key === "s") return { type: "skip" };
  if (/^[1-9]$/.test(key)) {
    const label = state.classes[Number(key) - 1];
    return label === undefined ? null : { type: "label", label };
  }
  return null;
}

/** Whether keys typed at this element belong to it rather than to the shortcuts. */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!target?.tagName) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  // Buttons-like inputs take no text.
  return !["button", "submit", "reset", "checkbox", "radio"].includes((target.type ?? "text").toLowerCase());
}
