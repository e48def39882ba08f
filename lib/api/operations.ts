import { z } from "zod";
import { ErrorBodySchema as ErrorBody } from "@/lib/errors";
import { OrganizationSchema as Organization } from "@/lib/orgs/schemas";
import { PERMISSIONS, ROLES, type Permission } from "@/lib/permissions";
import { TeamInputSchema as TeamInput, TeamPatchSchema as TeamPatch, TeamSchema as Team } from "@/lib/teams/schemas";
import {
  WorkflowInputSchema as WorkflowInput,
  WorkflowPatchSchema as WorkflowPatch,
  WorkflowSchema as Workflow,
} from "@/lib/workflows/schemas";

// Named components of the OpenAPI document.
export const ErrorBodySchema = ErrorBody.meta({ id: "Error" });
const OrganizationSchema = Organization.meta({ id: "Organization" });
const TeamSchema = Team.meta({ id: "Team" });
const TeamInputSchema = TeamInput.meta({ id: "TeamInput" });
const TeamPatchSchema = TeamPatch.meta({ id: "TeamPatch" });
const WorkflowSchema = Workflow.meta({ id: "Workflow" });
const WorkflowInputSchema = WorkflowInput.meta({ id: "WorkflowInput" });
const WorkflowPatchSchema = WorkflowPatch.meta({ id: "WorkflowPatch" });

// Every /api/v1 operation, in one list: the OpenAPI document is generated from it, and a test checks that it
// names exactly the handlers under app/api/v1 (so a new route cannot ship undocumented).

export const MeSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  organization: OrganizationSchema,
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  token: z.object({ id: z.string() }).nullable(),
});

const IdParams = z.object({ id: z.string().meta({ description: "The resource id." }) });
const DeletedSchema = z.object({ deleted: z.literal(true) });

export type ApiOperation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  tag: string;
  /** The permission the handler checks; null when any signed-in caller (or nobody, for public) may call it. */
  permission: Permission | null;
  public?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: { status: number; schema: z.ZodType | null; description: string };
};

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This OpenAPI 3.1 document",
    tag: "meta",
    permission: null,
    public: true,
    response: { status: 200, schema: null, description: "The OpenAPI document." },
  },
  {
    method: "get",
    path: "/api/v1/me",
    summary: "The caller: user, organization, role and effective permissions",
    tag: "meta",
    permission: null,
    response: { status: 200, schema: MeSchema, description: "The caller." },
  },
  {
    method: "get",
    path: "/api/v1/teams",
    summary: "List teams",
    tag: "teams",
    permission: "teams:read",
    response: { status: 200, schema: z.object({ teams: z.array(TeamSchema) }), description: "All teams of the organization." },
  },
  {
    method: "post",
    path: "/api/v1/teams",
    summary: "Create a team",
    tag: "teams",
    permission: "teams:create",
    body: TeamInputSchema,
    response: { status: 201, schema: z.object({ team: TeamSchema }), description: "The new team." },
  },
  {
    method: "get",
    path: "/api/v1/teams/{id}",
    summary: "Get a team",
    tag: "teams",
    permission: "teams:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ team: TeamSchema }), description: "The team." },
  },
  {
    method: "patch",
    path: "/api/v1/teams/{id}",
    summary: "Change a team (managers: only teams they manage; parent and managers: admins)",
    tag: "teams",
    permission: "teams:update",
    params: IdParams,
    body: TeamPatchSchema,
    response: { status: 200, schema: z.object({ team: TeamSchema }), description: "The changed team." },
  },
  {
    method: "delete",
    path: "/api/v1/teams/{id}",
    summary: "Delete a team (its sub-teams move up to its parent)",
    tag: "teams",
    permission: "teams:delete",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  {
    method: "get",
    path: "/api/v1/workflows",
    summary: "List workflows",
    tag: "workflows",
    permission: "workflows:read",
    response: { status: 200, schema: z.object({ workflows: z.array(WorkflowSchema) }), description: "All workflows." },
  },
  {
    method: "post",
    path: "/api/v1/workflows",
    summary: "Create a workflow (managers: owned by a team they manage)",
    tag: "workflows",
    permission: "workflows:write",
    body: WorkflowInputSchema,
    response: { status: 201, schema: z.object({ workflow: WorkflowSchema }), description: "The new workflow." },
  },
  {
    method: "get",
    path: "/api/v1/workflows/{id}",
    summary: "Get a workflow",
    tag: "workflows",
    permission: "workflows:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ workflow: WorkflowSchema }), description: "The workflow." },
  },
  {
    method: "patch",
    path: "/api/v1/workflows/{id}",
    summary: "Change a workflow",
    tag: "workflows",
    permission: "workflows:write",
    params: IdParams,
    body: WorkflowPatchSchema,
    response: { status: 200, schema: z.object({ workflow: WorkflowSchema }), description: "The changed workflow." },
  },
  {
    method: "delete",
    path: "/api/v1/workflows/{id}",
    summary: "Delete a workflow",
    tag: "workflows",
    permission: "workflows:write",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
];
