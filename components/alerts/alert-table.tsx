import Link from "next/link";
import { AcknowledgeButton } from "@/components/alerts/acknowledge-button";
import { Badge } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { ALERT_KIND_LABELS, type AlertDeliveryView, type AlertView } from "@/lib/alerts/schemas";
import { formatDateTime } from "@/lib/format";

const SEVERITY_TONE = { critical: "red", warning: "amber", info: "slate" } as const;
const DELIVERY_TONE = { delivered: "emerald", pending: "amber", failed: "red" } as const;
export const capitalized = (word: string) => word[0]!.toUpperCase() + word.slice(1);

function Delivery({ delivery, timeZone }: { delivery: AlertDeliveryView; timeZone: string }) {
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
  return (
    <li className="text-xs">
      <span className="font-medium text-slate-800">{delivery.channelName}</span> <Badge tone={DELIVERY_TONE[delivery.status]}>{capitalized(delivery.status)}</Badge>
      <div className="text-slate-600">
        {delivery.status === "delivered" && delivery.deliveredAt ? formatDateTime(delivery.deliveredAt, timeZone) : null}
        {delivery.status === "pending" ? `${attempts}${delivery.nextAttemptAt ? `, next try ${formatDateTime(delivery.nextAttemptAt, timeZone)}` : ""}` : null}
        {delivery.status === "failed" ? `after ${attempts}` : null}
      </div>
      {delivery.lastError && delivery.status !== "delivered" ? <p className="max-w-xs break-words text-red-800">{delivery.lastError}</p> : null}
    </li>
  );
}

/** Alerts newest first: what fired, about what, whether someone is on it, and where it was sent. */
export function AlertTable({ org, alerts, timeZone, canAcknowledge, caption = "Alerts", liveBudgetIds }: {
  org: string;
  alerts: AlertView[];
  timeZone: string;
  canAcknowledge: boolean;
  caption?: string;
  /** Budgets that still exist (linked); an alert outlives its budget. Omitted: link every budget. */
  liveBudgetIds?: ReadonlySet<string>;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Fired</Th>
          <Th>Alert</Th>
          <Th>Budget, team, workflow</Th>
          <Th>State</Th>
          <Th>Deliveries</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {alerts.map((alert) => (
          <tr key={alert.id} data-testid={`alert-${alert.id}`}>
            <Td className="whitespace-nowrap">{formatDateTime(alert.createdAt, timeZone)}</Td>
            <Td className="min-w-72">
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-700">
                {ALERT_KIND_LABELS[alert.kind]} <Badge tone={SEVERITY_TONE[alert.severity]}>{capitalized(alert.severity)}</Badge>
              </div>
              <div className="mt-0.5 font-medium text-slate-900">{alert.title}</div>
              <p className="text-xs text-slate-600">{alert.message}</p>
            </Td>
            <Td className="max-w-48 break-words text-xs">
              {alert.budgetId && (!liveBudgetIds || liveBudgetIds.has(alert.budgetId)) ? (
                <Link href={`/${org}/budgets/${alert.budgetId}`} className="text-indigo-700 hover:underline">
                  {alert.budgetName}
                </Link>
              ) : (
                alert.budgetName
              )}
              {[alert.teamName, alert.workflowName, alert.provider, alert.model].filter(Boolean).map((part) => (
                <div key={part}>{part}</div>
              ))}
            </Td>
            <Td>
              <div className="flex flex-col items-start gap-1">
                <Badge tone={alert.status === "open" ? "amber" : "slate"}>{capitalized(alert.status)}</Badge>
                {alert.rearmed ? <Badge tone="indigo">Re-armed</Badge> : null}
                {alert.acknowledgedAt ? <span className="whitespace-nowrap text-xs text-slate-600">{formatDateTime(alert.acknowledgedAt, timeZone)}</span> : null}
              </div>
            </Td>
            <Td>
              {alert.deliveries.length ? (
                <ul className="space-y-1.5">
                  {alert.deliveries.map((delivery) => (
                    <Delivery key={delivery.id} delivery={delivery} timeZone={timeZone} />
                  ))}
                </ul>
              ) : (
                <span className="text-xs text-slate-600">In the app only</span>
              )}
            </Td>
            <Td className="text-right">
              <div className="flex flex-col items-end gap-1">
                {alert.link ? (
                  <Link href={`/${org}${alert.link}`} className="whitespace-nowrap text-xs font-medium text-indigo-700 hover:underline">
                    {alert.link.startsWith("/explorer") ? "View in explorer" : "View the cause"}
                  </Link>
                ) : null}
                {canAcknowledge && alert.status === "open" ? <AcknowledgeButton org={org} alertId={alert.id} title={alert.title} /> : null}
              </div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
