"use client";

import { useQueryClient } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormError, FormNotice } from "@/components/ui/field";
import { MappingBuilder } from "@/components/uploads/mapping-builder";
import { PreviewTable } from "@/components/uploads/preview-table";
import { ProgressBar } from "@/components/uploads/progress-bar";
import { previewFile, sendFile, uploadKeys } from "@/components/uploads/upload-queries";
import { formatBytes } from "@/lib/money";
import type { UploadPreview } from "@/lib/uploads/schemas";

type State =
  | { step: "idle" }
  | { step: "reading"; file: File }
  | { step: "preview"; file: File; preview: UploadPreview }
  | { step: "sending"; file: File; sent: number; total: number }
  | { step: "sent"; filename: string; duplicateOf: string | null };

const MAX_BYTES = 1024 ** 3;

/** Drop a file → see its format and first rows → confirm → the file is sent with progress; the import follows in the history. */
export function UploadPanel({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ step: "idle" });
  const [mode, setMode] = useState<"strict" | "skip-invalid">("strict");
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string>();

  const choose = async (file: File, mapping?: string) => {
    setError(undefined);
    if (!/\.(csv|csv\.gz|gz|txt|tsv)$/i.test(file.name)) {
      setError(`"${file.name}" is not a .csv or .csv.gz file.`);
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(`"${file.name}" is ${formatBytes(file.size)}; the limit is 1 GB. Split it by month, or compress it with gzip.`);
      return;
    }
    setState({ step: "reading", file });
    try {
      setState({ step: "preview", file, preview: await previewFile(org, file, mapping) });
    } catch (caught) {
      setError((caught as Error).message);
      setState({ step: "idle" });
    }
  };

  const send = async (file: File, preview: UploadPreview) => {
    setError(undefined);
    setState({ step: "sending", file, sent: 0, total: file.size });
    try {
      const upload = await sendFile(org, file, { mode, mapping: preview.savedMapping }, (sent, total) => setState({ step: "sending", file, sent, total }));
      setState({ step: "sent", filename: file.name, duplicateOf: upload.duplicateOf?.importedAt ?? null });
      await queryClient.invalidateQueries({ queryKey: uploadKeys.all(org) });
    } catch (caught) {
      setError((caught as Error).message);
      setState({ step: "idle" });
    }
  };

  return (
    <div className="space-y-4">
      <FormError message={error} />
      {state.step === "sent" ? (
        <FormNotice
          message={
            `“${state.filename}” is uploaded; its import is under way below.` +
            (state.duplicateOf ? ` The same file was imported on ${new Date(state.duplicateOf).toLocaleString()}: its records are updated in place, totals do not double.` : "")
          }
        />
      ) : null}
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer.files[0];
          if (file) void choose(file);
        }}
        className={cn("flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center", dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-slate-50")}
      >
        <FileUp aria-hidden className="size-8 text-slate-500" />
        <p className="text-sm text-slate-700">Drop a billing export here (.csv or .csv.gz, up to 1 GB), or</p>
        <Button variant="secondary" onClick={() => input.current?.click()}>Choose a file</Button>
        <label className="sr-only" htmlFor="upload-file">Billing export file</label>
        <input
          id="upload-file"
          ref={input}
          type="file"
          accept=".csv,.gz,.csv.gz,text/csv,application/gzip"
          className="sr-only"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = "";
            if (file) void choose(file);
          }}
        />
        <p className="text-xs text-slate-600">The format is recognised from the columns: OpenAI, Anthropic, FOCUS, AWS CUR, Azure, Google Cloud, or your own mapping.</p>
      </div>

      {state.step === "reading" ? <p className="text-sm text-slate-700" role="status">Reading “{state.file.name}”…</p> : null}

      {state.step === "preview" ? (
        <div className="space-y-4 rounded-lg border border-slate-200 p-4" data-testid="upload-preview">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="text-sm font-medium text-slate-900">
                {state.file.name} <span className="font-normal text-slate-600">({formatBytes(state.file.size)})</span>
              </p>
              {state.preview.format ? (
                <p className="mt-1 text-sm text-slate-700">
                  Detected format: <Badge tone="indigo">{state.preview.formatLabel}</Badge>{" "}
                  <span className="text-slate-600">— the first {state.preview.rows.length} rows as they will be read:</span>
                </p>
              ) : null}
            </div>
            <Button variant="ghost" onClick={() => setState({ step: "idle" })}>Cancel</Button>
          </div>
          {state.preview.message ? <FormError message={state.preview.message} /> : null}
          {state.preview.format ? (
            <>
              <PreviewTable preview={state.preview} />
              <fieldset className="space-y-1 text-sm">
                <legend className="font-medium text-slate-800">If rows are invalid</legend>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" checked={mode === "strict"} onChange={() => setMode("strict")} /> Reject the whole file and show me every problem
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" checked={mode === "skip-invalid"} onChange={() => setMode("skip-invalid")} /> Import the valid rows and report the skipped ones
                </label>
              </fieldset>
              <Button onClick={() => void send(state.file, state.preview)}>Import {state.file.name}</Button>
            </>
          ) : state.preview.headers.length > 0 && !state.preview.message?.startsWith("The file") ? (
            <MappingBuilder org={org} headers={state.preview.headers} onSaved={(name) => void choose(state.file, name)} />
          ) : null}
        </div>
      ) : null}

      {state.step === "sending" ? (
        <div className="space-y-2" role="status">
          <p className="text-sm text-slate-700">
            Sending “{state.file.name}”: {formatBytes(state.sent)} of {formatBytes(state.total)}
          </p>
          <ProgressBar value={state.total ? state.sent / state.total : 0} label="Upload progress" />
        </div>
      ) : null}
    </div>
  );
}
