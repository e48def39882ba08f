"use client";

import { Bell, BellOff } from "lucide-react";
import { deleteBudgetAction, muteBudgetAction } from "@/app/(app)/[org]/budgets/actions";
import { DeleteButton } from "@/components/settings/delete-button";
import { RowError, useRowAction } from "@/components/settings/row-action";
import { Button } from "@/components/ui/button";

/** Mute (alerts stay in the app, nothing goes to channels) or unmute a budget's alerts. */
export function MuteToggle({ org, id, muted }: { org: string; id: string; muted: boolean }) {
  const { pending, error, run } = useRowAction();
  return (
    <div>
      <Button variant="secondary" disabled={pending} onClick={() => run(() => muteBudgetAction(org, id, !muted))}>
        {muted ? <Bell aria-hidden className="size-4" /> : <BellOff aria-hidden className="size-4" />}
        {muted ? "Unmute alerts" : "Mute alerts"}
      </Button>
      <RowError message={error} />
    </div>
  );
}

export function DeleteBudgetButton({ org, id, name }: { org: string; id: string; name: string }) {
  return <DeleteButton label="Delete budget" confirm={`Delete the budget "${name}"? Its alerts stay in the alert history.`} action={() => deleteBudgetAction(org, id)} />;
}
