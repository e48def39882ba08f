import { RULE_FIELD_LABELS, RULE_OPERATOR_LABELS, type RuleCondition } from "@/lib/attribution/matcher";

// A rule's conditions as a sentence for the rules list: what an admin typed, in the words the form uses.

function describeCondition(condition: RuleCondition): string {
  const field = condition.field === "tag" ? `Tag "${condition.tagKey ?? ""}"` : RULE_FIELD_LABELS[condition.field];
  // A regular expression is shown as one (slashes), so `^gpt-4` is not read as a literal value.
  const value = condition.operator === "regex" ? `/${condition.value}/` : `"${condition.value}"`;
  return `${field} ${RULE_OPERATOR_LABELS[condition.operator]} ${value}`;
}

/** `Provider is "openai" and Model starts with "gpt-4"`; all conditions must match, so they join with "and". */
export function describeConditions(conditions: readonly RuleCondition[]): string {
  return conditions.length === 0 ? "No conditions" : conditions.map(describeCondition).join(" and ");
}
