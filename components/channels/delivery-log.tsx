import { Badge, EmptyState } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { DeliveryView } from "@/lib/notifications/schemas";

const TONE = { delivered: "emerald", pending: "amber", failed: "red" } as const;

export function DeliveryStatusBadge({ status }: { status: DeliveryView["status"] }) {
  return <Badge tone={TONE[status]}>{status === "pending" ? "retrying" : status}</Badge>;
}

/** Recent deliveries, newest first; each one's attempts and what the receiver answered fold out. */
export function DeliveryLog({ deliveries, timeZone }: { deliveries: DeliveryView[]; timeZone: string }) {
  if (deliveries.length === 0) return <EmptyState>Nothing sent yet. Alerts and test messages show here with every attempt.</EmptyState>;
  return (
    <Table caption="Recent deliveries">
      <thead>
        <tr>
          <Th>Queued</Th>
          <Th>Channel</Th>
          <Th>Message</Th>
          <Th>Status</Th>
          <Th>Attempts and answers</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {deliveries.map((delivery) => (
          <tr key={delivery.id}>
            <Td className="whitespace-nowrap text-xs">{formatDateTime(delivery.createdAt, timeZone)}</Td>
            <Td className="text-xs">{delivery.channelName}</Td>
            <Td className="text-xs">{delivery.alertTitle ?? "(alert deleted)"}</Td>
            <Td>
              <DeliveryStatusBadge status={delivery.status} />
              {delivery.status === "pending" && delivery.nextAttemptAt ? (
                <div className="mt-1 text-xs text-slate-600">next {formatDateTime(delivery.nextAttemptAt, timeZone)}</div>
              ) : null}
            </Td>
            <Td className="text-xs">
              <details>
                <summary className="cursor-pointer text-slate-700">
                  {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                  {delivery.lastError ? <span className="text-red-700"> · {delivery.lastError.slice(0, 80)}</span> : null}
                </summary>
                <ol className="mt-2 space-y-1">
                  {delivery.attemptLog.map((attempt) => (
                    <li key={attempt.attempt} className="rounded bg-slate-50 px-2 py-1">
                      <span className={attempt.ok ? "text-emerald-800" : "text-red-700"}>
                        #{attempt.attempt} {attempt.ok ? "ok" : "failed"} {attempt.responseStatus ?? "no answer"}
                      </span>{" "}
                      <span className="text-slate-600">
                        {formatDateTime(attempt.attemptedAt, timeZone)} · {attempt.durationMs} ms
                      </span>
                      {attempt.response ? <pre className="mt-1 max-w-md whitespace-pre-wrap break-words font-mono text-[11px] text-slate-700">{attempt.response.slice(0, 500)}</pre> : null}
                    </li>
                  ))}
                </ol>
              </details>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
