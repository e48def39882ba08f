/**
 * The given teams and every team below them. A manager of a parent team manages its sub-teams too.
 * Tolerates cycles (which the data layer prevents, but a bad row must not hang a request).
 */
export function descendantTeamIds(
  roots: Iterable<string>,
  teams: readonly { id: string; parentId: string | null }[],
): Set<string> {
  const children = new Map<string, string[]>();
  for (const team of teams) {
    if (team.parentId === null) continue;
    const list = children.get(team.parentId) ?? [];
    list.push(team.id);
    children.set(team.parentId, list);
  }
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
