"use client";

import { RowActionButton, RowError, useRowAction } from "@/components/settings/row-action";
import { changeRoleAction, removeMemberAction, revokeInvitationAction } from "@/app/(app)/[org]/settings/members/actions";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/permissions";

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
      <RowError message={error} />
    </div>
  );
}

export function RemoveMemberButton({ org, userId, email }: { org: string; userId: string; email: string }) {
  return (
    <RowActionButton
      label="Remove"
      ariaLabel={`Remove ${email}`}
      confirm={`Remove ${email} from the organization? Their API tokens here are revoked.`}
      action={() => removeMemberAction(org, userId)}
    />
  );
}

export function RevokeInvitationButton({ org, invitationId, email }: { org: string; invitationId: string; email: string }) {
  return <RowActionButton label="Withdraw" ariaLabel={`Withdraw the invitation of ${email}`} action={() => revokeInvitationAction(org, invitationId)} />;
}
