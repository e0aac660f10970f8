import { z } from "zod";
import { auditQuerySchema } from "@/lib/audit/service";
import { registerOperation } from "../registry";

/** The audit log (safe-to-deploy issue #9, suite 8). */

const AuditEntrySchema = z.object({
  id: z.uuid(),
  at: z.string().describe("ISO date-time"),
  actor: z.string().describe('"user:<id>", "key:<prefix>" or "cli"'),
  actorLabel: z.string().describe("The user's email, the key's prefix or the CLI"),
  action: z.string().describe("e.g. budget.update, pricing_snapshot.publish, api_key.revoke"),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().describe("The entity before the change (JSON; secrets redacted), null for creations"),
  after: z.unknown().describe("The entity after the change (JSON; secrets redacted), null for deletions"),
});

registerOperation({
  method: "get",
  path: "/api/v1/audit",
  operationId: "listAudit",
  summary: "The audit log",
  description:
    "Every admin change (pricing, users, teams, keys, budgets, alert rules, estimates, imports) with its actor, " +
    "before and after, newest first. Page with nextCursor; webhook URLs, key hashes and passwords are redacted.",
  tag: "Meta",
  auth: "session",
  access: "Admins only.",
  query: auditQuerySchema,
  responses: {
    200: {
      description: "One page of entries",
      schema: z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
    },
  },
  errors: { 400: "Invalid filter or cursor", 403: "Not an admin" },
});
