import type { Metadata } from "next";
import { OrganizationForm } from "@/components/settings/organization-form";
import { Card, PageHeader } from "@/components/ui/card";
import { pageActorWith } from "@/lib/auth/page-actor";
import { getOrganization } from "@/lib/orgs/queries";
import { CURRENCIES, TIME_ZONES } from "@/lib/orgs/schemas";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "org:update", `/${org}/settings`);
  const organization = await getOrganization(actor);
  return (
    <div className="max-w-4xl">
      <PageHeader title="Organization" description={`Lives at /${organization.slug}.`} />
      <Card title="General">
        <OrganizationForm
          org={org}
          initial={{ name: organization.name, timeZone: organization.timeZone, currency: organization.currency }}
          timeZones={TIME_ZONES}
          currencies={CURRENCIES}
        />
      </Card>
    </div>
  );
}
