import type { ModelAgreement } from "@/lib/labelling/agreement";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableHead } from "@/components/ui/table";

const kappaText = (k: number) => k.toFixed(2);

/** Below this many items a kappa says little: no words for it yet. */
const FEW_ITEMS = 10;

/** Landis and Koch's words for a kappa, so the figure reads without a table at hand. */
function kappaWord(k: number, n: number): { word: string; tone: "green" | "amber" | "red" | "slate" } {
  if (n < FEW_ITEMS) return { word: `only ${n} item${n === 1 ? "" : "s"}`, tone: "slate" };
  if (k > 0.8) return { word: "almost perfect", tone: "green" };
  if (k > 0.6) return { word: "substantial", tone: "green" };
  if (k > 0.4) return { word: "moderate", tone: "amber" };
  if (k > 0.2) return { word: "fair", tone: "amber" };
  return { word: k > 0 ? "slight" : "no better than chance", tone: "red" };
}

/** Cohen's kappa on items labelled twice, for the model and per annotator pair. */
export function AgreementCard({ agreement, settled, overlapShare, awaitingSecond }: { agreement: ModelAgreement; settled: number; overlapShare: number; awaitingSecond: number }) {
  const { overall, pairs } = agreement;
  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-slate-900">Agreement</h2>
      <p className="mt-1 text-xs text-slate-500">
        Cohen&apos;s kappa on items two annotators labelled: 1 is full agreement, 0 what chance would give.
        {awaitingSecond ? ` ${awaitingSecond.toLocaleString("en")} item(s) wait for their second label.` : ""}
      </p>
      {overall ? (
        <>
          <div className="mt-3 flex items-baseline gap-2">
            <span className="text-2xl font-semibold tabular-nums" data-testid="kappa-model">{kappaText(overall.kappa)}</span>
            <Badge tone={kappaWord(overall.kappa, overall.n).tone}>{kappaWord(overall.kappa, overall.n).word}</Badge>
          </div>
          <p className="text-xs text-slate-500">
            over {overall.n.toLocaleString("en")} item(s), <span data-testid="agreement-disagreements">{overall.disagreements.toLocaleString("en")} disagreement(s){overall.disagreements ? ` (${settled.toLocaleString("en")} settled by review, ${(overall.disagreements - settled).toLocaleString("en")} waiting)` : ""}</span>; agreed on {Math.round(overall.observedAgreement * 100)}%
            (first label against second)
          </p>
          <Table label="Agreement per annotator pair" className="mt-4">
            <TableHead look="compact" columns={["Pair", { label: "Items", align: "right" }, { label: "Kappa", align: "right" }]} />
            <TableBody>
              {pairs.map((p) => (
                <tr key={p.annotators.join("|")}>
                  <td className="py-1 text-xs break-all">{p.annotators[0]} · {p.annotators[1]}</td>
                  <td className="py-1 pl-3 text-right tabular-nums">{p.n.toLocaleString("en")}</td>
                  <td className="py-1 pl-3 text-right tabular-nums" title={`agreed on ${Math.round(p.observedAgreement * 100)}%, chance ${Math.round(p.expectedAgreement * 100)}%`}>{kappaText(p.kappa)}</td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </>
      ) : (
        <p className="mt-3 text-sm text-slate-600">
          {overlapShare > 0 ? "No item has two labels yet." : "No overlap: set an overlap share in the policy to have some items labelled twice."}
        </p>
      )}
    </Card>
  );
}
