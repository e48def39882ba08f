import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { pageActor } from "@/lib/auth/page-actor";
import { mayAtAll } from "@/lib/auth/authorize";
import { organizationSummary } from "@/lib/orgs/queries";
import { ROLE_LABELS, ROLES } from "@/lib/permissions";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActor(org);
  const summary = await organizationSummary(actor);
  const base = `/${actor.org.slug}`;
  const stats = [
    { label: "Members", value: ROLES.reduce((sum, role) => sum + (summary.membersByRole[role] ?? 0), 0), detail: ROLES.map((role) => `${summary.membersByRole[role] ?? 0} ${ROLE_LABELS[role].toLowerCase()}`).join(" · "), href: mayAtAll(actor, "members:manage") ? `${base}/settings/members` : null },
    { label: "Teams", value: summary.teams, detail: "who spend gets attributed to", href: mayAtAll(actor, "teams:update") ? `${base}/settings/teams` : null },
    { label: "Workflows", value: summary.workflows, detail: "the applications that spend", href: mayAtAll(actor, "workflows:write") ? `${base}/settings/workflows` : null },
    { label: "Active API tokens", value: summary.activeTokens, detail: "for scripts and gateways", href: mayAtAll(actor, "tokens:create") ? `${base}/settings/tokens` : null },
  ];
  return (
    <div className="max-w-5xl">
      <PageHeader
        title={actor.org.name}
        description={`Reporting in ${actor.org.currency}, days cut in ${actor.org.timeZone}. You are ${ROLE_LABELS[actor.role].toLowerCase()} here.`}
      />
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm font-medium text-slate-600">{stat.label}</dt>
            <dd className="mt-1 text-3xl font-semibold tabular-nums text-slate-900" data-testid={`stat-${stat.label.toLowerCase().replace(/\s+/g, "-")}`}>
              {stat.value}
            </dd>
            <dd className="mt-1 text-xs text-slate-600">
              {stat.href ? <Link href={stat.href} className="hover:underline">{stat.detail}</Link> : stat.detail}
            </dd>
          </div>
        ))}
      </dl>
      <Card className="mt-6" title="Spend">
        <p className="text-sm text-slate-700">
          Usage and spend appear here once billing exports or provider connections bring data in.
        </p>
      </Card>
    </div>
  );
}
