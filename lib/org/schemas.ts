import { z } from "zod";
import { KEY_SCOPES } from "@/lib/auth/api-key-format";

export const TeamSlug = z
  .string()
  .trim()
  .min(2, "at least 2 characters")
  .max(40, "at most 40 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes");

export const CreateTeamInput = z.object({ slug: TeamSlug, name: z.string().trim().min(1).max(100) });

export const RoleSchema = z.enum(["admin", "member", "viewer"]);

export const CreateUserInput = z.object({
  email: z.string().trim().toLowerCase().email("a valid email address"),
  name: z.string().trim().min(1).max(100).optional(),
  role: RoleSchema,
  password: z.string().min(8, "at least 8 characters").max(200),
  teams: z.array(TeamSlug).default([]),
});

export const ScopesSchema = z
  .array(z.enum(KEY_SCOPES))
  .min(1, "at least one scope (ingest, read)")
  .transform((s) => [...new Set(s)].sort());

export const CreateKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  team: TeamSlug.nullable(),
  scopes: ScopesSchema,
});
