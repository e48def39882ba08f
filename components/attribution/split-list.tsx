import { deleteSplitAction } from "@/app/(app)/[org]/settings/attribution/actions";
import { RowActionButton } from "@/components/settings/row-action";
import { EmptyState } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { SPLIT_METHOD_LABELS, type SplitView } from "@/lib/attribution/schemas";

/**
 * The organization's splits: whose spend, how it is shared and with whom; admins can delete them. A server
 * component: the delete button gets the server action bound to its split (a plain closure cannot cross to the client).
 */
export function SplitList({ org, splits, canWrite }: { org: string; splits: SplitView[]; canWrite: boolean }) {
  if (splits.length === 0) return <EmptyState>No splits: every team is charged the spend attributed to it.</EmptyState>;
  return (
    <Table caption="Shared-spend splits">
      <thead>
        <tr>
          <Th>Split</Th>
          <Th>Spend shared</Th>
          <Th>Method</Th>
          <Th>Shared by</Th>
          {canWrite ? <Th><span className="sr-only">Actions</span></Th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {splits.map((split) => (
          <tr key={split.id} data-testid={`split-${split.name}`}>
            <Td className="font-medium text-slate-900">{split.name}</Td>
            <Td>{split.sourceTeamName}</Td>
            <Td>{SPLIT_METHOD_LABELS[split.method]}</Td>
            <Td>{split.targets.map((target) => (split.method === "fixed" && target.percent ? `${target.teamName} ${target.percent} %` : target.teamName)).join(", ")}</Td>
            {canWrite ? (
              <Td>
                <RowActionButton label="Delete" ariaLabel={`Delete split ${split.name}`} confirm={`Delete the split “${split.name}”?`} action={deleteSplitAction.bind(null, org, split.id)} />
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
