"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

/** A destructive action behind a confirmation, showing the server's refusal if there is one. */
export function DeleteButton({ label, confirm, action }: { label: string; confirm: string; action: () => Promise<ActionResult<unknown>> }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-2">
      <Button
        variant="danger"
        disabled={pending}
        onClick={() => {
          if (!window.confirm(confirm)) return;
          startTransition(async () => {
            const result = await action();
            if (result && !result.ok) setError(result.message);
          });
        }}
      >
        {label}
      </Button>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
