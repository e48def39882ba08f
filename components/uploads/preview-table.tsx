import { Badge } from "@/components/ui/card";
import { formatCount, formatMoney } from "@/lib/money";
import type { UploadPreview } from "@/lib/uploads/schemas";

const OUTCOME = {
  imported: { label: "imports", tone: "emerald" },
  not_ai: { label: "not AI usage", tone: "slate" },
  empty: { label: "empty bucket", tone: "slate" },
  invalid: { label: "invalid", tone: "red" },
} as const;

/** The first rows of a file as the import will read them: what each row becomes, or why it will not. */
export function PreviewTable({ preview }: { preview: UploadPreview }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-xs" data-testid="preview-table">
        <caption className="sr-only">First rows as they will be read</caption>
        <thead>
          <tr className="text-left text-slate-600">
            {["Row", "Read as", "Period", "Provider", "Model", "Tier", "Project", "Input tokens", "Output tokens", "Cost"].map((heading) => (
              <th key={heading} scope="col" className="px-3 py-2 font-semibold">{heading}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {preview.rows.map((row) => {
            const outcome = OUTCOME[row.outcome];
            const record = row.records[0];
            return (
              <tr key={row.rowNumber} className="align-top">
                <td className="px-3 py-1.5 tabular-nums text-slate-600">{row.rowNumber}</td>
                <td className="px-3 py-1.5">
                  <Badge tone={outcome.tone}>{outcome.label}</Badge>
                  {row.issues.map((issue, index) => (
                    <p key={index} className="mt-1 text-red-700">
                      {issue.column ? <code>{issue.column}</code> : "Row"} {issue.value !== null ? <>“{issue.value}” </> : null}
                      {issue.reason}
                    </p>
                  ))}
                </td>
                <td className="whitespace-nowrap px-3 py-1.5">{record ? `${record.periodStart.slice(0, 16).replace("T", " ")}` : ""}</td>
                <td className="px-3 py-1.5">{record?.provider}</td>
                <td className="px-3 py-1.5">{record?.model ?? (record ? record.service : "")}</td>
                <td className="px-3 py-1.5">{record?.serviceTier ?? ""}</td>
                <td className="px-3 py-1.5">{record?.project ?? ""}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{record ? formatCount(record.inputTokens) : ""}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{record ? formatCount(record.outputTokens) : ""}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{record?.billedCost ? formatMoney(record.billedCost, record.currency) : record ? "—" : ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
