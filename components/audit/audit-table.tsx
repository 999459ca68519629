import { Card } from "@/components/ui/card";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { when } from "@/components/registry/format";
import { Table, TableBody, TableHead } from "@/components/ui/table";

type Entry = { id: number; at: string; actorType: string; actorLabel: string; action: string; targetType: string; targetId: string | null; modelSlug: string | null; details: Record<string, unknown> };

/** The details as short "key: value" text; objects are shown as compact JSON. */
function describe(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

export function AuditTable({ entries }: { entries: Entry[] }) {
  return (
    <Card>
      <ScrollRegion label="Audit log, scrolls sideways">
        <Table label="Audit log">
          <TableHead columns={["When", "Who", "Action", "Model", "Details"]} />
          <TableBody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-4 py-2 tabular-nums text-slate-500">{when(e.at)}</td>
                <td className="px-4 py-2 text-slate-800">{e.actorLabel}{e.actorType !== "user" ? <span className="ml-1 text-xs text-slate-500">({e.actorType === "api_key" ? "API key" : "automatic"})</span> : null}</td>
                <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-800">{e.action}</td>
                <td className="whitespace-nowrap px-4 py-2 text-slate-700">{e.modelSlug ?? "–"}</td>
                <td className="max-w-xl px-4 py-2 text-xs text-slate-600"><span className="line-clamp-3 break-words">{describe(e.details)}</span></td>
              </tr>
            ))}
          </TableBody>
        </Table>
      </ScrollRegion>
    </Card>
  );
}
