"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { useOptimistic, useState } from "react";
import { deleteRuleAction, updateRuleAction } from "@/app/(app)/[org]/settings/attribution/actions";
import { RuleForm } from "@/components/attribution/rule-form";
import { RowActionButton, RowError, useRowAction } from "@/components/settings/row-action";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { describeConditions } from "@/lib/attribution/describe-conditions";
import type { RuleView } from "@/lib/attribution/schemas";

type Option = { value: string; label: string };

function target(rule: RuleView): string {
  const team = rule.teamId ? rule.teamName ?? "(deleted team)" : null;
  const workflow = rule.workflowId ? rule.workflowName ?? "(deleted workflow)" : null;
  return [team, workflow].filter(Boolean).join(" / ");
}

/** The ordered rules and, for admins, their controls and the add / edit form. */
export function RulesPanel({ org, rules, teams, workflows, canWrite }: { org: string; rules: RuleView[]; teams: Option[]; workflows: Option[]; canWrite: boolean }) {
  const [editing, setEditing] = useState<RuleView | "new" | null>(null);
  const editedRule = editing === "new" ? undefined : editing ?? undefined;
  return (
    <>
      <Card
        title="Rules"
        description="In order: the first enabled rule whose conditions all match a record names its team, and its workflow (a later rule may add the one it leaves out). Usage whose source names a team keeps it."
        actions={
          canWrite && editing === null ? (
            <Button className="shrink-0 whitespace-nowrap" onClick={() => setEditing("new")}>
              Add rule
            </Button>
          ) : null
        }
      >
        {rules.length === 0 ? (
          <EmptyState>No rules yet: all usage that does not name its team stays unattributed.</EmptyState>
        ) : (
          <Table caption="Attribution rules, in the order they apply">
            <thead>
              <tr>
                <Th className="w-12">#</Th>
                <Th>Rule</Th>
                <Th>Assigns to</Th>
                <Th>Status</Th>
                {canWrite ? <Th><span className="sr-only">Actions</span></Th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rules.map((rule, index) => (
                <tr key={rule.id} data-testid={`rule-${rule.name}`}>
                  <Td className="tabular-nums">{rule.position}</Td>
                  <Td>
                    <p className="font-medium text-slate-900">{rule.name}</p>
                    <p className="text-xs text-slate-700">{describeConditions(rule.conditions)}</p>
                  </Td>
                  <Td>→ {target(rule)}</Td>
                  <Td>
                    {canWrite ? <EnabledSwitch org={org} rule={rule} /> : <Badge tone={rule.enabled ? "emerald" : "slate"}>{rule.enabled ? "enabled" : "disabled"}</Badge>}
                  </Td>
                  {canWrite ? (
                    <Td className="whitespace-nowrap">
                      <RuleControls org={org} rule={rule} first={index === 0} last={index === rules.length - 1} onEdit={() => setEditing(rule)} />
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {canWrite && editing !== null ? (
        <Card title={editedRule ? `Edit rule “${editedRule.name}”` : "New rule"} description="Conditions on what the provider reports, and the team and / or workflow the matching usage belongs to.">
          <RuleForm key={editedRule?.id ?? "new"} org={org} rule={editedRule} teams={teams} workflows={workflows} onDone={() => setEditing(null)} />
        </Card>
      ) : null}
    </>
  );
}

function EnabledSwitch({ org, rule }: { org: string; rule: RuleView }) {
  const { pending, error, run } = useRowAction();
  // Shows the new state at once; the refreshed page confirms it (or the refusal puts it back).
  const [enabled, setEnabled] = useOptimistic(rule.enabled);
  return (
    <>
      <label className="inline-flex items-center gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          role="switch"
          aria-label={`Enabled: ${rule.name}`}
          className="size-4 rounded border-slate-400 text-indigo-600"
          checked={enabled}
          disabled={pending}
          onChange={(event) => {
            const checked = event.target.checked;
            run(() => {
              setEnabled(checked);
              return updateRuleAction(org, rule.id, { enabled: checked });
            });
          }}
        />
        Enabled
      </label>
      <RowError message={error} />
    </>
  );
}

function RuleControls({ org, rule, first, last, onEdit }: { org: string; rule: RuleView; first: boolean; last: boolean; onEdit: () => void }) {
  const { pending, error, run } = useRowAction();
  const move = (position: number) => run(() => updateRuleAction(org, rule.id, { position }));
  return (
    <div className="text-right">
      <div className="flex items-start justify-end gap-1">
        <Button variant="ghost" size="sm" disabled={pending || first} onClick={() => move(rule.position - 1)} aria-label={`Move ${rule.name} up`}>
          <ArrowUp aria-hidden className="size-4" />
        </Button>
        <Button variant="ghost" size="sm" disabled={pending || last} onClick={() => move(rule.position + 1)} aria-label={`Move ${rule.name} down`}>
          <ArrowDown aria-hidden className="size-4" />
        </Button>
        <Button variant="ghost" size="sm" onClick={onEdit} aria-label={`Edit ${rule.name}`}>
          Edit
        </Button>
        <RowActionButton label="Delete" ariaLabel={`Delete ${rule.name}`} confirm={`Delete the rule “${rule.name}”? Usage it attributed keeps its team until you re-apply the rules.`} action={() => deleteRuleAction(org, rule.id)} />
      </div>
      <RowError message={error} />
    </div>
  );
}
