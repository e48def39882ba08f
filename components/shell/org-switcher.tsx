import Link from "next/link";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { Menu } from "@/components/shell/menu";

export function OrgSwitcher({ current, organizations, canCreate }: {
  current: { slug: string; name: string };
  organizations: { slug: string; name: string; role: string }[];
  canCreate: boolean;
}) {
  return (
    <Menu
      label={`Organization: ${current.name}. Switch organization`}
      button={
        <>
          <span className="flex size-7 items-center justify-center rounded bg-indigo-600 text-xs font-bold text-white" aria-hidden>
            {current.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="flex-1 truncate font-semibold text-slate-900" data-testid="current-org">
            {current.name}
          </span>
          <ChevronsUpDown aria-hidden className="size-4 text-slate-500" />
        </>
      }
    >
      <p className="px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">Organizations</p>
      {organizations.map((organization) => (
        <Link
          key={organization.slug}
          href={`/${organization.slug}`}
          className="flex items-center justify-between gap-3 px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-100"
        >
          <span className="truncate">{organization.name}</span>
          <span className="flex items-center gap-2 text-xs text-slate-600">
            {organization.role.toLowerCase()}
            {organization.slug === current.slug ? <Check aria-label="current" className="size-4 text-indigo-600" /> : null}
          </span>
        </Link>
      ))}
      {canCreate ? (
        <Link href="/onboarding" className="mt-1 flex items-center gap-2 border-t border-slate-200 px-3 py-2 text-sm text-slate-800 hover:bg-slate-100">
          <Plus aria-hidden className="size-4" /> New organization
        </Link>
      ) : null}
    </Menu>
  );
}
