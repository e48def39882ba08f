"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, EmptyState } from "@/components/ui/card";
import { ProgressBar } from "@/components/uploads/progress-bar";
import { deleteUploadRequest, uploadKeys, uploadsQuery } from "@/components/uploads/upload-queries";
import { formatBytes, formatCount, formatMoney, isZero } from "@/lib/money";
import type { UploadView } from "@/lib/uploads/schemas";

const TONE = { pending: "amber", processing: "indigo", completed: "emerald", failed: "red" } as const;

function timeLeft(seconds: number | null): string {
  if (seconds === null) return "estimating time left";
  if (seconds < 60) return `about ${Math.max(seconds, 1)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

function period(upload: UploadView): string {
  if (!upload.periodStart || !upload.periodEnd) return "—";
  const end = new Date(new Date(upload.periodEnd).getTime() - 1);
  return `${upload.periodStart.slice(0, 10)} – ${end.toISOString().slice(0, 10)}`;
}

export function UploadHistory({ org, initial, canDelete }: { org: string; initial: UploadView[]; canDelete: boolean }) {
  const queryClient = useQueryClient();
  const { data: uploads = initial } = useQuery({ ...uploadsQuery(org), initialData: initial });
  const [error, setError] = useState<string>();
  if (uploads.length === 0) return <EmptyState>No uploads yet.</EmptyState>;
  return (
    <div className="space-y-2">
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      <div className="-mx-5 overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Upload history</caption>
          <thead>
            <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <th scope="col" className="px-5 py-2">File</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Period</th>
              <th scope="col" className="px-3 py-2 text-right">Rows</th>
              <th scope="col" className="px-3 py-2 text-right">Totals</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {uploads.map((upload) => (
              <tr key={upload.id} className="align-top" data-testid={`upload-${upload.filename}`}>
                <td className="px-5 py-2.5">
                  <div className="font-medium text-slate-900">{upload.filename}</div>
                  <div className="text-xs text-slate-600">
                    {formatBytes(upload.sizeBytes)} · {upload.formatLabel ?? "format not detected"} · {upload.uploadedBy ?? "—"} · {new Date(upload.createdAt).toLocaleString()}
                  </div>
                  {upload.duplicateOf ? (
                    <div className="text-xs text-amber-800">Same file as imported on {new Date(upload.duplicateOf.importedAt).toLocaleString()}: records updated in place.</div>
                  ) : null}
                </td>
                <td className="w-64 px-3 py-2.5">
                  <Badge tone={upload.deletedAt ? "slate" : TONE[upload.status]}>{upload.deletedAt ? "deleted" : upload.status}</Badge>
                  {upload.status === "processing" || upload.status === "pending" ? (
                    <div className="mt-2 space-y-1" data-testid="import-progress">
                      <ProgressBar value={upload.progress} label={`Import progress of ${upload.filename}`} />
                      <p className="text-xs text-slate-600">
                        {formatCount(upload.rowsRead)} rows read · {formatCount(upload.rowsImported)} imported · {upload.status === "pending" ? "waiting" : timeLeft(upload.etaSeconds)}
                      </p>
                    </div>
                  ) : null}
                  {upload.message ? <p className="mt-1 text-xs text-slate-700">{upload.message}</p> : null}
                  {upload.firstErrors.length > 0 ? (
                    <ul className="mt-1 space-y-0.5 text-xs text-red-800">
                      {upload.firstErrors.slice(0, 3).map((issue, index) => (
                        <li key={index}>
                          Row {issue.rowNumber ?? "?"}
                          {issue.column ? `, ${issue.column}` : ""}
                          {issue.value !== null ? ` “${issue.value}”` : ""}: {issue.reason}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-3 py-2.5 text-xs">{period(upload)}</td>
                <td className="px-3 py-2.5 text-right text-xs tabular-nums">
                  <div>{formatCount(upload.rowsRead)} read</div>
                  <div>{formatCount(upload.rowsImported)} imported</div>
                  {upload.rowsSkipped ? <div>{formatCount(upload.rowsSkipped)} skipped</div> : null}
                  {upload.rowsRejected ? <div className="text-red-700">{formatCount(upload.rowsRejected)} invalid</div> : null}
                  {upload.rowsNotAi ? <div>{formatCount(upload.rowsNotAi)} not AI usage</div> : null}
                </td>
                <td className="px-3 py-2.5 text-right text-xs tabular-nums" data-testid="upload-totals">
                  {Object.entries(upload.totals).map(([currency, total]) =>
                    total.billedRecords === 0 ? (
                      isZero(total.estimated) ? (
                        <div key={currency} className="text-slate-600" title="This export carries usage without costs, and none of it could be priced">tokens only</div>
                      ) : (
                        <div key={currency} className="text-slate-700" title="This export carries usage without costs: estimated from the price catalog">
                          est. {formatMoney(total.estimated, currency)}
                        </div>
                      )
                    ) : (
                      <div key={currency}>{formatMoney(total.billed, currency)}</div>
                    ),
                  )}
                </td>
                <td className="space-y-1 px-3 py-2.5 text-right">
                  {upload.errorCount > 0 ? (
                    <a className="block text-xs font-medium text-indigo-700 hover:underline" href={`/api/v1/uploads/${upload.id}/errors?org=${encodeURIComponent(org)}`}>
                      Download {formatCount(upload.errorCount)} errors
                    </a>
                  ) : null}
                  {canDelete && upload.status !== "processing" && upload.status !== "pending" && !upload.deletedAt && upload.status === "completed" ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Delete ${upload.filename}`}
                      onClick={async () => {
                        if (!window.confirm(`Delete “${upload.filename}”? Its records are removed from the ledger.`)) return;
                        setError(undefined);
                        try {
                          await deleteUploadRequest(org, upload.id);
                        } catch (caught) {
                          setError((caught as Error).message);
                        }
                        await queryClient.invalidateQueries({ queryKey: uploadKeys.all(org) });
                      }}
                    >
                      Delete
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
