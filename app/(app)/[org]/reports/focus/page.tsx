import type { Metadata } from "next";
import { ReportNav } from "@/components/reports/report-nav";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { orgToday } from "@/lib/analytics/overview";
import { pageActorWith } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "FOCUS export" };

export default async function FocusExportPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "uploads:read", `/${org}/reports/focus`);
  const today = orgToday(actor.org.timeZone);
  const monthStart = `${today.slice(0, 8)}01`;
  return (
    <div className="max-w-4xl">
      <PageHeader title="FOCUS export" description="The ledger as a FOCUS 1.2 file, the FinOps Foundation's open billing format that cost tools and data warehouses read." />
      <ReportNav org={org} current="focus" finance />
      <Card title="Download" description="One row per ledger record whose usage day is in the range; team and workflow are the x_TeamId, x_TeamName, x_WorkflowId and x_WorkflowName columns. The file is streamed, so a year takes a while but never fails for size.">
        {/* A plain GET: the browser downloads the streamed file itself and shows its progress. */}
        <form method="get" action="/api/v1/exports/focus" className="flex flex-wrap items-end gap-3">
          <label className="text-sm font-medium text-slate-700">
            First usage day
            <input type="date" name="from" defaultValue={monthStart} required className="mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          </label>
          <label className="text-sm font-medium text-slate-700">
            Last usage day
            <input type="date" name="to" defaultValue={today} required className="mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          </label>
          <input type="hidden" name="org" value={org} />
          <button type="submit" className={buttonClass("primary", "sm")}>
            Download FOCUS 1.2 CSV
          </button>
        </form>
      </Card>
    </div>
  );
}
