"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type ComponentProps, type ReactNode } from "react";
import type { DefaultValues, FieldValues, UseFormRegisterReturn } from "react-hook-form";
import type { z } from "zod";
import { createChannelAction } from "@/app/(app)/[org]/settings/channels/actions";
import { Button } from "@/components/ui/button";
import { SecretBox } from "@/components/ui/copy-button";
import { FormError, FormNotice, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import {
  CHANNEL_KIND_LABELS,
  CHANNEL_KINDS,
  EmailChannelInputSchema,
  SlackChannelInputSchema,
  WebhookChannelInputSchema,
  type ChannelKind,
} from "@/lib/notifications/schemas";

type Created = { name: string; signingSecret?: string };

/** Adds a channel: pick the kind, then fill in that kind's settings. */
export function ChannelForm({ org }: { org: string }) {
  const [kind, setKind] = useState<ChannelKind>("slack");
  const [created, setCreated] = useState<Created>();
  return (
    <div className="space-y-4">
      <div className="max-w-xs">
        <SelectField
          label="Kind"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as ChannelKind);
            setCreated(undefined);
          }}
        >
          {CHANNEL_KINDS.map((value) => (
            <option key={value} value={value}>{CHANNEL_KIND_LABELS[value]}</option>
          ))}
        </SelectField>
      </div>
      {kind === "email" ? <EmailChannelForm org={org} onCreated={setCreated} /> : null}
      {kind === "slack" ? <SlackChannelForm org={org} onCreated={setCreated} /> : null}
      {kind === "webhook" ? <WebhookChannelForm org={org} onCreated={setCreated} /> : null}
      {created?.signingSecret ? (
        <SecretBox
          label={`Signing secret of "${created.name}"`}
          value={created.signingSecret}
          note="Copy it now: it is shown only once. Your receiver checks X-TokenLedger-Signature with it (see docs/webhooks.md)."
        />
      ) : null}
    </div>
  );
}

/** One kind's form: the shared fields (name, organization alerts) around that kind's own. */
function useChannelForm<S extends z.ZodType<FieldValues, FieldValues>>(org: string, schema: S, defaultValues: DefaultValues<z.input<S>>, onCreated: (created: Created) => void) {
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const state = useActionForm({
    schema,
    defaultValues,
    action: (values) => {
      setNotice(undefined);
      return createChannelAction(org, values);
    },
    onSuccess: (data) => {
      setNotice(`Channel "${data.name}" added. Send a test to check it.`);
      onCreated(data);
      state.form.reset();
      router.refresh();
    },
  });
  return { ...state, notice };
}

function ChannelFormFrame({ label, onSubmit, formError, notice, nameField, nameError, alertsField, submitting, children }: {
  label: string;
  onSubmit: () => void;
  formError?: string;
  notice?: string;
  nameField: UseFormRegisterReturn;
  nameError?: string;
  alertsField: UseFormRegisterReturn;
  submitting: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={label}>
      <FormError message={formError} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" placeholder="e.g. #finops alerts" error={nameError} {...nameField} />
        {children}
      </div>
      <div className="flex items-start gap-2">
        <input id={`${id}-alerts`} type="checkbox" aria-describedby={`${id}-alerts-hint`} className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600" {...alertsField} />
        <div>
          <label htmlFor={`${id}-alerts`} className="text-sm font-medium text-slate-800">Organization alerts</label>
          <p id={`${id}-alerts-hint`} className="text-xs text-slate-600">Also receive alerts that belong to no budget: anomalies, unpriced usage, failed imports and syncs.</p>
        </div>
      </div>
      <Button type="submit" disabled={submitting}>{submitting ? "Saving…" : "Add channel"}</Button>
    </form>
  );
}

/** A secret goes in like a password: masked, never autocompleted or spell-checked (sent to a dictionary service). */
function SecretField(props: ComponentProps<typeof TextField>) {
  return <TextField type="password" autoComplete="off" spellCheck={false} {...props} />;
}

type KindFormProps = { org: string; onCreated: (created: Created) => void };

const splitAddresses = (value: unknown) =>
  typeof value === "string"
    ? value
        .split(/[\s,;]+/)
        .map((address) => address.trim())
        .filter(Boolean)
    : value;

/** zod reports a bad recipient at "to.<index>": show the first one under the field. */
function recipientError(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  const index = errors.findIndex((entry) => (entry as { message?: string } | undefined)?.message);
  return index < 0 ? undefined : `Recipient ${index + 1}: ${(errors[index] as { message: string }).message}`;
}

function EmailChannelForm({ org, onCreated }: KindFormProps) {
  const { form, onSubmit, formError, errorOf, submitting, notice } = useChannelForm(
    org,
    EmailChannelInputSchema,
    { kind: "email", name: "", smtpUrl: "", from: "", to: [], organizationAlerts: true },
    onCreated,
  );
  return (
    <ChannelFormFrame
      label="Add an email channel"
      {...{ onSubmit, formError, submitting, notice }}
      nameField={form.register("name")}
      nameError={errorOf("name")}
      alertsField={form.register("organizationAlerts")}
    >
      <SecretField
        label="SMTP URL"
        placeholder="smtps://user:password@smtp.example.com:465"
        hint="smtp:// (STARTTLS when offered) or smtps:// (TLS). Stored encrypted, never shown again."
        error={errorOf("smtpUrl")}
        {...form.register("smtpUrl")}
      />
      <TextField label="From" type="email" placeholder="alerts@example.com" error={errorOf("from")} {...form.register("from")} />
      <TextField
        label="To"
        placeholder="finance@example.com, cto@example.com"
        hint="Up to 20 addresses, separated by commas."
        error={errorOf("to") ?? recipientError(form.formState.errors.to)}
        {...form.register("to", { setValueAs: splitAddresses })}
      />
    </ChannelFormFrame>
  );
}

function SlackChannelForm({ org, onCreated }: KindFormProps) {
  const { form, onSubmit, formError, errorOf, submitting, notice } = useChannelForm(
    org,
    SlackChannelInputSchema,
    { kind: "slack", name: "", webhookUrl: "", organizationAlerts: true },
    onCreated,
  );
  return (
    <ChannelFormFrame
      label="Add a Slack channel"
      {...{ onSubmit, formError, submitting, notice }}
      nameField={form.register("name")}
      nameError={errorOf("name")}
      alertsField={form.register("organizationAlerts")}
    >
      <SecretField
        label="Incoming webhook URL"
        placeholder="https://hooks.slack.com/services/…"
        hint="From a Slack app with Incoming Webhooks, for the channel to post in. Stored encrypted, never shown again."
        error={errorOf("webhookUrl")}
        {...form.register("webhookUrl")}
      />
    </ChannelFormFrame>
  );
}

function WebhookChannelForm({ org, onCreated }: KindFormProps) {
  const { form, onSubmit, formError, errorOf, submitting, notice } = useChannelForm(
    org,
    WebhookChannelInputSchema,
    { kind: "webhook", name: "", url: "", secret: "", organizationAlerts: true },
    onCreated,
  );
  return (
    <ChannelFormFrame
      label="Add a webhook"
      {...{ onSubmit, formError, submitting, notice }}
      nameField={form.register("name")}
      nameError={errorOf("name")}
      alertsField={form.register("organizationAlerts")}
    >
      <TextField label="URL" placeholder="https://example.com/hooks/tokenledger" hint="Receives a signed JSON POST per alert." error={errorOf("url")} {...form.register("url")} />
      <SecretField
        label="Signing secret (optional)"
        hint="Leave empty to have one generated and shown once."
        error={errorOf("secret")}
        {...form.register("secret")}
      />
    </ChannelFormFrame>
  );
}
