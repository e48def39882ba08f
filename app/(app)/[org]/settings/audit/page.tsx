import type { Metadata } from "next";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { listAuditLog } from "@/lib/audit/queries";
import { pageActorWith } from "@/lib/auth/page-actor";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-500">—</span>;
  return <pre className="max-w-xs overflow-x-auto whitespace-pre-wrap break-all font-mono text-[11px] leading-snug text-slate-800">{JSON.stringify(value, null, 1)}</pre>;
}

export default async function AuditPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "audit:read", `/${org}/settings/audit`);
  const rows = await listAuditLog(actor, { limit: 200 });
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader title="Audit log" description="Every change to the organization's settings: who, what, before and after, when. The newest 200." />
      <Card>
        {rows.length === 0 ? (
          <EmptyState>Nothing has changed yet.</EmptyState>
        ) : (
          <Table caption="Audit log">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>What</Th>
                <Th>Before</Th>
                <Th>After</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id}>
                  <Td className="whitespace-nowrap text-xs">{formatDateTime(row.createdAt, actor.org.timeZone)}</Td>
                  <Td className="text-xs">{row.actor}</Td>
                  <Td><code className="font-mono text-xs">{row.action}</code></Td>
                  <Td><Json value={row.before} /></Td>
                  <Td><Json value={row.after} /></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
