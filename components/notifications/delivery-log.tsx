import Link from "next/link";
import type { DeliveryLogEntry } from "@/lib/services/notifications";
import { shortReference } from "@/lib/outbound/reference";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableHead } from "@/components/ui/table";

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;
const TONE = { delivered: "green", failed: "red", pending: "amber", skipped: "slate" } as const;

/** Every delivery with each attempt's status code, newest first. */
export function DeliveryLog({ deliveries }: { deliveries: DeliveryLogEntry[] }) {
  if (!deliveries.length) return <p className="p-5 text-sm text-slate-600">Nothing sent yet. Firing and resolved alerts, and tests, appear here.</p>;
  return (
    <Table caption="Delivery log">
      <TableHead columns={["Entry", "When", "Channel", "What", "Status", "Attempts (status codes)"]} />
      <TableBody>
        {deliveries.map((d) => (
          <tr key={d.id} data-testid="delivery-row">
            <td className="px-4 py-2 font-mono text-xs text-slate-600">{shortReference(d.id)}</td>
            <td className="px-4 py-2 text-xs text-slate-600">{when(d.createdAt)}</td>
            <td className="px-4 py-2">{d.channelName}</td>
            <td className="px-4 py-2">{d.alertId ? <Link href={`/alerts/${d.alertId}`} className="text-brand-700 underline">{d.event}</Link> : d.event}</td>
            <td className="px-4 py-2">
              <Badge tone={TONE[d.status]}>{d.status}</Badge>
              {d.status === "failed" && d.lastError ? <div className="mt-1 max-w-xs text-xs text-red-800">{d.lastError}</div> : null}
            </td>
            <td className="px-4 py-2 font-mono text-xs text-slate-700">
              {d.attempts.length
                ? d.attempts.map((a) => (
                    <span key={a.attempt} title={a.error ?? undefined} className="mr-2">
                      #{a.attempt} {a.statusCode ?? "—"}{a.error && a.statusCode === null ? ` (${a.error})` : ""}
                    </span>
                  ))
                : "waiting"}
            </td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
