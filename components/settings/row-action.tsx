"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

/** Runs a server action for one table row, refreshes the page, and keeps the server's refusal to show. */
export function useRowAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const run = (work: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await work();
      if (!result.ok) setError(result.message);
      router.refresh();
    });
  return { pending, error, run };
}

export function RowError({ message }: { message?: string }) {
  return message ? <p role="alert" className="mt-1 text-xs text-red-700">{message}</p> : null;
}

/** A small row button (remove, revoke, withdraw), optionally behind a confirmation. */
export function RowActionButton({ label, ariaLabel, confirm, action }: {
  label: string;
  ariaLabel: string;
  confirm?: string;
  action: () => Promise<ActionResult<unknown>>;
}) {
  const { pending, error, run } = useRowAction();
  return (
    <div className="text-right">
      <Button
        variant="ghost"
        size="sm"
        disabled={pending}
        aria-label={ariaLabel}
        onClick={() => {
          if (!confirm || window.confirm(confirm)) run(action);
        }}
      >
        {label}
      </Button>
      <RowError message={error} />
    </div>
  );
}
