import type { Metadata } from "next";
import { ConnectionForm } from "@/components/connections/connection-form";
import { ConnectionList } from "@/components/connections/connection-list";
import { Card, PageHeader } from "@/components/ui/card";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listConnections } from "@/lib/connections/queries";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "connections:read", `/${org}/connections`);
  const canWrite = mayAtAll(actor, "connections:write");
  const connections = await listConnections(actor);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Connections"
        description="Usage and costs that arrive by themselves: the providers' admin APIs, read hourly. Each sync reads the last days again, because providers revise recent buckets; nothing is ever counted twice."
      />
      {canWrite ? (
        <Card title="Add a connection">
          <ConnectionForm org={org} />
        </Card>
      ) : null}
      <Card title="Connections">
        <ConnectionList org={org} initial={connections} canWrite={canWrite} />
      </Card>
    </div>
  );
}
