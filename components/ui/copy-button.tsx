"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={async () => {
        await navigator.clipboard?.writeText(value).catch(() => {});
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? <Check aria-hidden className="size-3.5" /> : <Copy aria-hidden className="size-3.5" />}
      {copied ? "Copied" : label}
    </Button>
  );
}

/** A secret shown once (token, invitation link), selectable and copyable. */
export function SecretBox({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3" role="status">
      <p className="text-sm font-medium text-amber-950">{label}</p>
      <div className="flex items-center gap-2">
        <code data-testid="secret-value" className="block flex-1 overflow-x-auto rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-amber-200">
          {value}
        </code>
        <CopyButton value={value} />
      </div>
      <p className="text-xs text-amber-900">{note}</p>
    </div>
  );
}
