import type { ReactNode } from "react";
import { Sidebar } from "@/components/shell/sidebar";
import { pageActor } from "@/lib/auth/page-actor";
import { env } from "@/lib/env";
import { organizationsOfUser } from "@/lib/orgs/queries";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActor(org);
  const organizations = await organizationsOfUser(actor.userId);
  return (
    <div className="flex min-h-screen">
      <Sidebar actor={actor} organizations={organizations} canCreateOrganizations={env.TOKENLEDGER_SIGNUP} />
      <main className="min-w-0 flex-1 px-8 py-8">{children}</main>
    </div>
  );
}
