import { OUTBOUND_CALL_PURPOSE_LABELS } from "@/lib/outbound/constants";
import { shortReference } from "@/lib/outbound/reference";
import type { OutboundCallEntry } from "@/lib/services/outbound";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableHead } from "@/components/ui/table";

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;

/** Calls to pipelines and deploy targets, newest first, with what went wrong: the entries run and deploy failures refer to. */
export function OutboundCallLog({ calls }: { calls: OutboundCallEntry[] }) {
  if (!calls.length) return <p className="p-5 text-sm text-slate-600">No pipeline or deploy target has been called yet.</p>;
  return (
    <Table caption="Pipeline and deploy calls">
      <TableHead columns={["Entry", "When", "What", "Host", "Result"]} />
      <TableBody>
        {calls.map((c) => (
          <tr key={c.id} data-testid="outbound-call-row">
            <td className="px-4 py-2 font-mono text-xs text-slate-600">{shortReference(c.id)}</td>
            <td className="px-4 py-2 text-xs text-slate-600">{when(c.at)}</td>
            <td className="px-4 py-2">{OUTBOUND_CALL_PURPOSE_LABELS[c.purpose]} · <span className="font-mono text-xs">{c.model}</span></td>
            <td className="px-4 py-2 font-mono text-xs text-slate-600">{c.host}</td>
            <td className="px-4 py-2 text-xs text-slate-700">
              <Badge tone={c.ok ? "green" : "red"}>{c.ok ? `delivered (${c.statusCode})` : "failed"}</Badge>
              {c.error ? <span className="ml-2">{c.error}</span> : null}
              <span className="ml-2 text-slate-400">{c.durationMs} ms</span>
            </td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
