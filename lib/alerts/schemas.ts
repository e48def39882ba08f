import { z } from "zod";

// Alerts: the kinds, and the shapes the API and the pages share.

export const ALERT_KINDS = ["threshold", "forecast", "anomaly", "unpriced", "ingest_failed", "sync_failed"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  threshold: "Threshold crossed",
  forecast: "Forecast to exceed",
  anomaly: "Spend anomaly",
  unpriced: "Unpriced usage",
  ingest_failed: "Import failed",
  sync_failed: "Sync failed",
};

export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ["open", "acknowledged"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type AlertDeliveryView = {
  id: string;
  channelId: string;
  channelName: string;
  channelKind: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
};

export type AlertView = {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  message: string;
  budgetId: string | null;
  budgetName: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  threshold: number | null;
  teamId: string | null;
  teamName: string | null;
  workflowId: string | null;
  workflowName: string | null;
  provider: string | null;
  model: string | null;
  day: string | null;
  /** The figures at the moment it fired, decimal strings (actual, amount, percent, forecast, baseline, ...). */
  figures: Record<string, string>;
  /** The explorer (or uploads, connections) view of the cause, relative to /<org slug>, e.g. "/explorer?...". */
  link: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  /** Raising the budget re-armed this threshold: it can fire again in the same period. */
  rearmed: boolean;
  deliveries: AlertDeliveryView[];
};

export const AlertListQuerySchema = z.object({
  kind: z.enum(ALERT_KINDS).optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  budgetId: z.string().trim().min(1).max(100).optional(),
  teamId: z.string().trim().min(1).max(100).optional(),
  /** Fired on or after / on or before these days (YYYY-MM-DD, the organization's calendar). */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AlertListQuery = z.input<typeof AlertListQuerySchema>;
