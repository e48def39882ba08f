"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteChannelAction, testChannelAction } from "@/app/(app)/[org]/settings/channels/actions";
import { RowActionButton } from "@/components/settings/row-action";
import { Button } from "@/components/ui/button";
import type { TestResult } from "@/lib/notifications/schemas";

/** "Send test": sends a test message now and shows what the receiver answered. */
export function TestChannelButton({ org, channelId, name }: { org: string; channelId: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<TestResult>();
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-1">
      <Button
        variant="secondary"
        size="sm"
        disabled={pending}
        aria-label={`Send a test message to ${name}`}
        onClick={() =>
          startTransition(async () => {
            setResult(undefined);
            setError(undefined);
            const outcome = await testChannelAction(org, channelId);
            if (outcome.ok) setResult(outcome.data);
            else setError(outcome.message);
            router.refresh();
          })
        }
      >
        <span className="whitespace-nowrap">{pending ? "Sending…" : "Send test"}</span>
      </Button>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "text-xs text-emerald-800" : "text-xs text-red-700"}>
          {result.ok ? "Delivered" : "Failed"}
          {result.status !== null ? ` (${result.status})` : ""}
          {result.response ? `: ${result.response.slice(0, 200)}` : ""}
        </p>
      ) : null}
      {error ? <p role="alert" className="text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export function DeleteChannelButton({ org, channelId, name }: { org: string; channelId: string; name: string }) {
  return (
    <RowActionButton
      label="Delete"
      ariaLabel={`Delete ${name}`}
      confirm={`Delete the channel "${name}"? Budgets that send to it stop doing so, and its delivery log is removed.`}
      action={() => deleteChannelAction(org, channelId)}
    />
  );
}
