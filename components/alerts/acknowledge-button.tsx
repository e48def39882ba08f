"use client";

import { acknowledgeAlertAction } from "@/app/(app)/[org]/alerts/actions";
import { RowActionButton } from "@/components/settings/row-action";

export function AcknowledgeButton({ org, alertId, title }: { org: string; alertId: string; title: string }) {
  return <RowActionButton label="Acknowledge" ariaLabel={`Acknowledge "${title}"`} action={() => acknowledgeAlertAction(org, alertId)} />;
}
