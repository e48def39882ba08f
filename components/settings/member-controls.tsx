"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { changeRoleAction, removeMemberAction, revokeInvitationAction } from "@/app/(app)/[org]/settings/members/actions";
import type { ActionResult } from "@/lib/actions/action-result";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/permissions";

function useRowAction() {
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

export function MemberRoleSelect({ org, userId, email, role }: { org: string; userId: string; email: string; role: Role }) {
  const { pending, error, run } = useRowAction();
  return (
    <div>
      <label className="sr-only" htmlFor={`role-${userId}`}>Role of {email}</label>
      <select
        id={`role-${userId}`}
        defaultValue={role}
        disabled={pending}
        onChange={(event) => run(() => changeRoleAction(org, userId, event.target.value))}
        className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
      >
        {ROLES.map((value) => (
          <option key={value} value={value}>{ROLE_LABELS[value]}</option>
        ))}
      </select>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export function RemoveMemberButton({ org, userId, email }: { org: string; userId: string; email: string }) {
  const { pending, error, run } = useRowAction();
  return (
    <div className="text-right">
      <Button
        variant="ghost"
        size="sm"
        disabled={pending}
        aria-label={`Remove ${email}`}
        onClick={() => {
          if (window.confirm(`Remove ${email} from the organization? Their API tokens here are revoked.`)) {
            run(() => removeMemberAction(org, userId));
          }
        }}
      >
        Remove
      </Button>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export function RevokeInvitationButton({ org, invitationId, email }: { org: string; invitationId: string; email: string }) {
  const { pending, error, run } = useRowAction();
  return (
    <div className="text-right">
      <Button variant="ghost" size="sm" disabled={pending} aria-label={`Withdraw the invitation of ${email}`} onClick={() => run(() => revokeInvitationAction(org, invitationId))}>
        Withdraw
      </Button>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export { useRowAction };
