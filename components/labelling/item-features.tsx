import type { ClaimedItem, LabellingModel } from "@/lib/labelling/types";
import { Table, TableBody } from "@/components/ui/table";

/** How a feature value reads: text stays text (React escapes it; never HTML), numbers as sent. */
function describe(value: unknown): { text: string; kind: "text" | "number" | "boolean" | "empty" | "other" } {
  if (value === null || value === undefined || value === "") return { text: "—", kind: "empty" };
  if (typeof value === "string") return { text: value, kind: "text" };
  if (typeof value === "number") return { text: String(value), kind: "number" };
  if (typeof value === "boolean") return { text: value ? "true" : "false", kind: "boolean" };
  return { text: JSON.stringify(value), kind: "other" };
}

/** The prediction's input, one feature a row. */
export function ItemFeatures({ item }: { item: Pick<ClaimedItem, "features"> }) {
  const names = Object.keys(item.features).sort((a, b) => a.localeCompare(b));
  if (!names.length) return <p className="px-5 py-4 text-sm text-slate-600">This prediction was sent without features.</p>;
  return (
    <Table label="Features">
      <TableBody>
        {names.map((name) => {
          const { text, kind } = describe(item.features[name]);
          return (
            <tr key={name} className="align-baseline">
              <th scope="row" className="w-1/4 px-5 py-2.5 text-left font-mono text-[13px] font-medium break-all text-slate-600">{name}</th>
              <td className="px-5 py-2.5 text-slate-900">
                {kind === "text" ? (
                  <div className="max-h-72 overflow-auto whitespace-pre-wrap break-words">{text}</div>
                ) : kind === "empty" ? (
                  <span className="text-slate-400" title="empty">—</span>
                ) : (
                  <span className="font-mono tabular-nums">{text}</span>
                )}
              </td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** The model's own answer, for policies that show it. */
export function ModelAnswer({ item, model }: { item: ClaimedItem; model: LabellingModel }) {
  const p = item.prediction;
  if (!p) return null;
  let answer: string;
  if (model.task === "regression") answer = p.value === null ? "no value" : String(p.value);
  else if (model.task === "binary") answer = `${p.label ?? "no label"}${p.score === null ? "" : ` (probability of ${model.positiveClass ?? "the positive class"} ${p.score.toFixed(2)})`}`;
  else {
    const top = p.label && p.probabilities ? p.probabilities[p.label] : undefined;
    answer = `${p.label ?? "no label"}${top === undefined ? "" : ` (probability ${top.toFixed(2)})`}`;
  }
  return (
    <p className="text-sm text-slate-700" data-testid="model-answer">
      The model said <strong className="font-semibold text-slate-900">{answer}</strong>.
    </p>
  );
}
