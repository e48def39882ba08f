import { z } from "zod";
import { EmailSchema } from "@/lib/auth/schemas";
import { ROLES } from "@/lib/permissions";

export const RoleSchema = z.enum(ROLES, { error: "Pick a role: admin, finance or manager." });

export const InviteMemberSchema = z.object({ email: EmailSchema, role: RoleSchema });
export type InviteMemberInput = z.input<typeof InviteMemberSchema>;

export const ChangeRoleSchema = z.object({ role: RoleSchema });

export const INVITATION_DAYS = 7;

export const MemberSchema = z.object({
  userId: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  role: RoleSchema,
  managedTeams: z.array(z.object({ id: z.string(), name: z.string() })),
  joinedAt: z.string(),
});
export type MemberView = z.infer<typeof MemberSchema>;

export const InvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type InvitationView = z.infer<typeof InvitationSchema>;
