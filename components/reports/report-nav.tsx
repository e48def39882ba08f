import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export type ReportTab = "chargeback" | "reconciliation" | "focus";

const TABS: { tab: ReportTab; label: string; path: string; financeOnly: boolean }[] = [
  { tab: "chargeback", label: "Chargeback", path: "", financeOnly: false },
  { tab: "reconciliation", label: "Reconciliation", path: "/reconciliation", financeOnly: true },
  { tab: "focus", label: "FOCUS export", path: "/focus", financeOnly: true },
];

/** The reports' tabs; reconciliation and the FOCUS export are organization-wide, for finance and admins. */
export function ReportNav({ org, current, finance }: { org: string; current: ReportTab; finance: boolean }) {
  return (
    <nav aria-label="Reports" className="mb-6 flex gap-1 border-b border-slate-200 print:hidden">
      {TABS.filter((entry) => finance || !entry.financeOnly).map((entry) => (
        <Link
          key={entry.tab}
          href={`/${org}/reports${entry.path}`}
          aria-current={entry.tab === current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            entry.tab === current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
          )}
        >
          {entry.label}
        </Link>
      ))}
    </nav>
  );
}

/** From and to months, submitted as a plain GET so the address holds the report. */
export function MonthRangeForm({ from, to, extra }: { from: string; to: string; extra?: Record<string, string> }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 print:hidden">
      <label className="text-sm font-medium text-slate-700">
        From month
        <input type="month" name="from" defaultValue={from} required className="mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
      </label>
      <label className="text-sm font-medium text-slate-700">
        To month
        <input type="month" name="to" defaultValue={to} required className="mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
      </label>
      {Object.entries(extra ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={buttonClass("primary", "sm")}>
        Show
      </button>
    </form>
  );
}

/** Default report range: the last six months, this one included. */
export function defaultMonths(today: string): { from: string; to: string } {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(year, month - 6, 1)).toISOString().slice(0, 7);
  return { from, to: today.slice(0, 7) };
}

/** "Nov 2026" for 2026-11. */
export const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
