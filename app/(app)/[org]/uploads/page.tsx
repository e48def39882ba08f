import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { UploadHistory } from "@/components/uploads/upload-history";
import { UploadPanel } from "@/components/uploads/upload-panel";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listUploads } from "@/lib/uploads/queries";

export const metadata: Metadata = { title: "Uploads" };

export default async function UploadsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "uploads:read", `/${org}/uploads`);
  const uploads = await listUploads(actor);
  const canUpload = mayAtAll(actor, "uploads:write");
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader title="Uploads" description="Billing exports into the ledger. A file imports completely or not at all; importing it again updates it in place." />
      {canUpload ? (
        <Card title="Upload a billing export">
          <UploadPanel org={org} />
        </Card>
      ) : null}
      <Card title="History">
        <UploadHistory org={org} initial={uploads} canDelete={canUpload} />
      </Card>
    </div>
  );
}
