import { Bell, ChartColumnStacked, FileSpreadsheet, FlaskConical, Gauge, LayoutDashboard, Lightbulb, PlugZap, Settings, Tags, Target, Upload } from "lucide-react";
import type { Actor } from "@/lib/auth/actor";
import { mayAtAll } from "@/lib/auth/authorize";
import { MAIN_PAGES, SETTINGS_PAGES } from "@/lib/permissions";
import { Logo } from "@/components/shell/logo";
import { NavLink } from "@/components/shell/nav-link";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { UserMenu } from "@/components/shell/user-menu";

/** Only entries the role may open, and only for what exists. */
export function Sidebar({ actor, organizations, canCreateOrganizations }: {
  actor: Actor;
  organizations: { slug: string; name: string; role: string }[];
  canCreateOrganizations: boolean;
}) {
  const base = `/${actor.org.slug}`;
  const settings = SETTINGS_PAGES.filter((page) => mayAtAll(actor, page.permission));
  const main = MAIN_PAGES.filter((page) => mayAtAll(actor, page.permission));
  const icons = { explorer: ChartColumnStacked, budgets: Gauge, alerts: Bell, recommendations: Lightbulb, outcomes: Target, "what-if": FlaskConical, reports: FileSpreadsheet, uploads: Upload, prices: Tags, connections: PlugZap } as const;
  return (
    <aside className="flex w-64 shrink-0 flex-col border-r border-slate-200 bg-white print:hidden">
      <div className="px-4 py-4">
        <Logo className="text-slate-900" />
      </div>
      <div className="px-2">
        <OrgSwitcher current={actor.org} organizations={organizations} canCreate={canCreateOrganizations} />
      </div>
      <nav aria-label="Main" className="mt-4 flex-1 space-y-6 px-2">
        <div className="space-y-0.5">
          <NavLink href={base} exact>
            <LayoutDashboard aria-hidden className="size-4" /> Overview
          </NavLink>
          {main.map((page) => {
            const Icon = icons[page.segment];
            return (
              <NavLink key={page.segment} href={`${base}/${page.segment}`}>
                <Icon aria-hidden className="size-4" /> {page.label}
              </NavLink>
            );
          })}
        </div>
        {settings.length > 0 ? (
          <div>
            <p className="flex items-center gap-2 px-2.5 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">
              <Settings aria-hidden className="size-3.5" /> Settings
            </p>
            <div className="space-y-0.5">
              {settings.map((page) => (
                <NavLink key={page.segment} href={`${base}/settings${page.segment ? `/${page.segment}` : ""}`} exact={!page.segment}>
                  {page.label}
                </NavLink>
              ))}
            </div>
          </div>
        ) : null}
      </nav>
      <div className="border-t border-slate-200 p-2">
        <UserMenu name={actor.name} email={actor.email} role={actor.role} />
      </div>
    </aside>
  );
}
