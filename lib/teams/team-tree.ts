/** Teams in tree order (parents before their children, siblings by name) with their depth, for lists and pickers. */
export function teamTree<T extends { id: string; name: string; parentId: string | null }>(teams: readonly T[]): (T & { depth: number })[] {
  const ids = new Set(teams.map((team) => team.id));
  const children = new Map<string | null, T[]>();
  for (const team of teams) {
    // A parent outside the list (or a cycle's entry point) is shown at the top level rather than lost.
    const parent = team.parentId !== null && ids.has(team.parentId) ? team.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), team]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out: (T & { depth: number })[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const team of children.get(parent) ?? []) {
      if (seen.has(team.id)) continue;
      seen.add(team.id);
      out.push({ ...team, depth });
      visit(team.id, depth + 1);
    }
  };
  visit(null, 0);
  for (const team of teams) if (!seen.has(team.id)) out.push({ ...team, depth: 0 });
  return out;
}

/** Picker options in tree order, indented by depth; `include` narrows them (e.g. to teams a manager may use). */
export function teamOptions<T extends { id: string; name: string; parentId: string | null }>(
  teams: readonly T[],
  include: (team: T) => boolean = () => true,
): { value: string; label: string }[] {
  return teamTree(teams)
    .filter(include)
    .map((team) => ({ value: team.id, label: `${"— ".repeat(team.depth)}${team.name}` }));
}
