import type { Metadata } from "next";
import { DeleteChannelButton, TestChannelButton } from "@/components/channels/channel-actions";
import { ChannelForm } from "@/components/channels/channel-form";
import { DeliveryLog, DeliveryStatusBadge } from "@/components/channels/delivery-log";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { formatDateTime } from "@/lib/format";
import { listChannels, listDeliveries } from "@/lib/notifications/channels";
import { CHANNEL_KIND_LABELS, type ChannelView } from "@/lib/notifications/schemas";

export const metadata: Metadata = { title: "Alert channels" };

/** Where a channel sends, without its secret. */
function destination(channel: ChannelView): string {
  if (channel.kind === "email") return `${channel.config.to?.join(", ") ?? ""} (from ${channel.config.from ?? "?"})`;
  if (channel.kind === "webhook") return channel.config.url ?? "";
  return "Slack incoming webhook";
}

export default async function ChannelsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "channels:read", `/${org}/settings/channels`);
  const [channels, deliveries] = await Promise.all([listChannels(actor), listDeliveries(actor, { limit: 25 })]);
  const canWrite = mayAtAll(actor, "channels:write");
  const timeZone = actor.org.timeZone;
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Alert channels"
        description="Where alerts go: email, Slack or a signed webhook. Each budget picks its channels; organization alerts (anomalies, unpriced usage, failed imports) go to the channels marked for them. Failed deliveries are retried for up to a day."
      />
      {canWrite ? (
        <Card title="Add a channel" description="Secrets (SMTP password, Slack URL, signing secret) are stored encrypted and never shown again.">
          <ChannelForm org={org} />
        </Card>
      ) : null}
      <Card title="Channels" description={canWrite ? undefined : "Only admins add, change or test channels."}>
        {channels.length === 0 ? (
          <EmptyState>No channels yet.{canWrite ? " Add one above, then send a test." : " Ask an admin to add one."}</EmptyState>
        ) : (
          <Table caption="Notification channels">
            <thead>
              <tr>
                <Th>Channel</Th>
                <Th>Sends to</Th>
                <Th>Secret</Th>
                <Th>Organization alerts</Th>
                <Th>Last delivery</Th>
                {canWrite ? <Th><span className="sr-only">Actions</span></Th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {channels.map((channel) => (
                <tr key={channel.id} data-testid={`channel-${channel.name}`}>
                  <Td>
                    <div className="font-medium text-slate-900">{channel.name}</div>
                    <div className="text-xs text-slate-600">{CHANNEL_KIND_LABELS[channel.kind]}</div>
                  </Td>
                  <Td className="max-w-xs break-words text-xs">{destination(channel)}</Td>
                  <Td><code className="font-mono text-xs text-slate-600">{channel.secretHint}</code></Td>
                  <Td>{channel.organizationAlerts ? <Badge tone="indigo">yes</Badge> : <span className="text-xs text-slate-600">no</span>}</Td>
                  <Td className="text-xs">
                    {channel.lastDelivery ? (
                      <div className="space-y-1">
                        <DeliveryStatusBadge status={channel.lastDelivery.status} />
                        <div className="text-slate-600">{formatDateTime(channel.lastDelivery.createdAt, timeZone)}</div>
                      </div>
                    ) : (
                      "never"
                    )}
                  </Td>
                  {canWrite ? (
                    <Td>
                      <div className="flex items-start justify-end gap-2">
                        <TestChannelButton org={org} channelId={channel.id} name={channel.name} />
                        <DeleteChannelButton org={org} channelId={channel.id} name={channel.name} />
                      </div>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="Delivery log" description="The 25 most recent deliveries, with every attempt and what the receiver answered.">
        <DeliveryLog deliveries={deliveries} timeZone={timeZone} />
      </Card>
    </div>
  );
}
