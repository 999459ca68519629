import type { ReactNode } from "react";

/**
 * Vigil's data tables: a table named for screen readers (a hidden caption or an aria-label), one
 * header row of column headings in one of two looks, and a body with row dividers. Body cells stay
 * plain `<td>` and `<th scope="row">`: what they hold varies too much to wrap. A wide table goes
 * inside a ScrollRegion, which keyboard users can focus and scroll.
 */
export function Table({ caption, label, small, className = "", children }: { caption?: string; label?: string; small?: boolean; className?: string; children: ReactNode }) {
  return (
    <table className={`w-full text-left ${small ? "text-xs" : "text-sm"} ${className}`} aria-label={label}>
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      {children}
    </table>
  );
}

/**
 * `list`: the full-width tables of a page or card (uppercase small headings over a rule).
 * `compact`: small tables inside a card's text, edge to edge with it.
 */
export type TableLook = "list" | "compact";

/** A column heading: its text, or its text with alignment, a tooltip, or a name only screen readers hear (a column of buttons). */
export type Column = ReactNode | { label: ReactNode; align?: "right"; title?: string; hidden?: boolean; key?: string };

const HEAD: Record<TableLook, string> = {
  list: "border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500",
  compact: "text-xs text-slate-500",
};
const HEADING: Record<TableLook, string> = { list: "px-4 py-3", compact: "py-1 pl-3 first:pl-0" };

const isSpec = (c: Column): c is Exclude<Column, ReactNode> & { label: ReactNode } => typeof c === "object" && c !== null && "label" in c;

export function TableHead({ columns, look = "list" }: { columns: Column[]; look?: TableLook }) {
  return (
    <thead className={HEAD[look]}>
      <tr>
        {columns.map((column, i) => {
          const spec = isSpec(column) ? column : { label: column };
          return (
            <th key={spec.key ?? i} scope="col" title={spec.title} className={`${HEADING[look]} font-medium ${spec.align === "right" ? "text-right" : ""}`}>
              {spec.hidden ? <span className="sr-only">{spec.label}</span> : spec.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

export function TableBody({ className = "", children }: { className?: string; children: ReactNode }) {
  return <tbody className={`divide-y divide-slate-100 ${className}`}>{children}</tbody>;
}
