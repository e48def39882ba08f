import type { Metadata } from "next";
import { InviteMemberForm } from "@/components/settings/invite-member-form";
import { MemberRoleSelect, RemoveMemberButton, RevokeInvitationButton } from "@/components/settings/member-controls";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listMembers, listPendingInvitations } from "@/lib/members/queries";
import { ROLE_LABELS } from "@/lib/permissions";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "members:manage", `/${org}/settings/members`);
  const [members, invitations] = await Promise.all([listMembers(actor), listPendingInvitations(actor)]);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader title="Members" description="Who can see and change this organization's spend, and in which role." />
      <Card title="Invite a member" description="They get a link to set a password and join. Admins manage everything; finance reads everything and exports; managers look after their teams.">
        <InviteMemberForm org={org} />
      </Card>
      <Card title={`Members (${members.length})`}>
        <Table caption="Members">
          <thead>
            <tr>
              <Th>Member</Th>
              <Th>Role</Th>
              <Th>Manages</Th>
              <Th>Joined</Th>
              <Th><span className="sr-only">Actions</span></Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <tr key={member.userId} data-testid={`member-${member.email}`}>
                <Td>
                  <div className="font-medium text-slate-900">{member.name ?? member.email}</div>
                  <div className="text-xs text-slate-600">{member.email}</div>
                </Td>
                <Td>
                  {member.userId === actor.userId ? (
                    <Badge tone="indigo">{ROLE_LABELS[member.role]} (you)</Badge>
                  ) : (
                    <MemberRoleSelect org={org} userId={member.userId} email={member.email} role={member.role} />
                  )}
                </Td>
                <Td className="text-xs">{member.managedTeams.map((team) => team.name).join(", ") || "—"}</Td>
                <Td className="whitespace-nowrap text-xs">{formatDate(member.joinedAt, actor.org.timeZone)}</Td>
                <Td>{member.userId === actor.userId ? null : <RemoveMemberButton org={org} userId={member.userId} email={member.email} />}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="Pending invitations">
        {invitations.length === 0 ? (
          <EmptyState>No invitations are waiting.</EmptyState>
        ) : (
          <Table caption="Pending invitations">
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Expires</Th>
                <Th><span className="sr-only">Actions</span></Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <Td>{invitation.email}</Td>
                  <Td>{ROLE_LABELS[invitation.role]}</Td>
                  <Td className="text-xs">{formatDate(invitation.expiresAt, actor.org.timeZone)}</Td>
                  <Td><RevokeInvitationButton org={org} invitationId={invitation.id} email={invitation.email} /></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
