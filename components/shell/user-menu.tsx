import { LogOut } from "lucide-react";
import { Menu } from "@/components/shell/menu";
import { signOutAction } from "@/app/sign-out-action";

export function UserMenu({ name, email, role }: { name: string | null; email: string; role: string }) {
  return (
    <Menu
      label={`Account: ${email}`}
      align="left"
      button={
        <>
          <span className="flex size-7 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-800" aria-hidden>
            {(name ?? email).slice(0, 1).toUpperCase()}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-medium text-slate-900">{name ?? email}</span>
            <span className="block truncate text-xs text-slate-600" data-testid="current-role">
              {role.toLowerCase()}
            </span>
          </span>
        </>
      }
    >
      <p className="truncate px-3 py-1.5 text-xs text-slate-600">{email}</p>
      <form action={signOutAction.bind(null, undefined)}>
        <button type="submit" className="flex w-full items-center gap-2 px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100">
          <LogOut aria-hidden className="size-4" /> Sign out
        </button>
      </form>
    </Menu>
  );
}
