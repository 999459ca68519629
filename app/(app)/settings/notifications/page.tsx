import type { Metadata } from "next";
import { requirePageUser } from "@/lib/session/session";
import { env } from "@/lib/env";
import { listChannels, listDeliveries } from "@/lib/services/notifications";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { ChannelsTable } from "@/components/notifications/channels-table";
import { CreateChannelForm } from "@/components/notifications/create-channel-form";
import { DeliveryLog } from "@/components/notifications/delivery-log";
import { OutboundCallLog } from "@/components/notifications/outbound-call-log";
import { listOutboundCalls } from "@/lib/services/outbound";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const ctx = await requirePageUser("notifications.manage");
  const [channels, deliveries, calls] = await Promise.all([listChannels(ctx), listDeliveries(ctx, { limit: 50 }), listOutboundCalls(ctx, { limit: 50 })]);
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Where alerts are sent when they fire and resolve. Failed deliveries are retried with backoff (10 s, 20 s, 40 s, …, five retries)."
      />
      <div className="space-y-6">
        <Card>
          <ChannelsTable channels={channels} />
        </Card>
        <Card className="p-5">
          <h2 className="text-base font-semibold">Add a channel</h2>
          <p className="mt-1 text-sm text-slate-600">
            A signed webhook carries <span className="font-mono">X-Vigil-Timestamp</span> and <span className="font-mono">X-Vigil-Signature: sha256=…</span> (HMAC-SHA256 of “timestamp.body” with the secret).
          </p>
          <CreateChannelForm smtpConfigured={Boolean(env().SMTP_URL)} />
        </Card>
        <section aria-labelledby="delivery-log">
          <h2 id="delivery-log" className="mb-1 text-base font-semibold">Delivery log</h2>
          <p className="mb-2 text-sm text-slate-600">
            What happened to each call, in detail. Elsewhere a failure reads “could not deliver” with its entry here. Vigil calls public addresses only, and hosts listed in VIGIL_OUTBOUND_ALLOW.
          </p>
          <Card>
            <DeliveryLog deliveries={deliveries} />
          </Card>
          <h3 className="mb-2 mt-6 text-sm font-semibold text-slate-800">Pipeline and deploy calls</h3>
          <Card>
            <OutboundCallLog calls={calls} />
          </Card>
        </section>
      </div>
    </>
  );
}
