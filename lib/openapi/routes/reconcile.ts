import { z } from "zod";
import { ReconcileQuery } from "@/lib/reconcile/service";
import { registerOperation } from "../registry";

/** Billed vs tracked reconciliation (app/api/v1/reconciliation). */

const Source = z.object({
  source: z.enum(["no_tracked_events", "unmatched_line_items", "unpriced_events", "warning_events"]),
  amount: z.string().nullable().describe("Dollars this source explains (decimal string); null for count-only sources"),
  events: z.int().nullable(),
  lineItems: z.array(z.string()).optional().describe("The billed line items with no tracked counterpart"),
});

const Row = z.object({
  date: z.string().describe("UTC date YYYY-MM-DD, as OpenAI bills"),
  projects: z.array(z.string()).describe("The OpenAI projects of the row: every project mapped to the team, or one unmapped project"),
  team: z.string().nullable().describe("Team slug; null for a project mapped to no team"),
  teamName: z.string().nullable(),
  trackedEvents: z.int(),
  billed: z.string(),
  tracked: z.string().describe("Priced cost of the team's provider-openai events that UTC day"),
  variance: z.string().describe("billed − tracked"),
  variancePercent: z.string().nullable().describe("variance / billed × 100, 2 decimals; null when billed is 0"),
  sources: z.array(Source),
  unexplained: z.string().describe("variance minus the dollar sources"),
  status: z.enum(["matched", "explained", "unexplained"]),
});

registerOperation({
  method: "get",
  path: "/api/v1/reconciliation",
  operationId: "getReconciliation",
  summary: "Billed vs tracked per day and OpenAI project",
  description:
    "Billed cost (OpenAI Costs API imports) against tracked cost per UTC day and OpenAI project (mapped to teams), with the gap explained: days with no tracked events, billed line items with no tracked counterpart, unpriced events, events priced with warnings. Default range: the 30 days ending at the last billed day; days after it are left out. Team keys and team-scoped users see only projects mapped to their teams. format=csv downloads the page's table.",
  tag: "Costs",
  auth: "session-or-key",
  scopes: ["read"],
  query: ReconcileQuery.extend({ format: z.enum(["json", "csv"]).default("json") }),
  responses: {
    200: {
      description: "Rows by date and project, and totals",
      schema: z.object({
        from: z.string(),
        to: z.string(),
        lastBilledDate: z.string().nullable(),
        rows: z.array(Row),
        total: z.object({ billed: z.string(), tracked: z.string(), variance: z.string(), variancePercent: z.string().nullable(), unexplained: z.string() }),
      }),
    },
  },
  errors: { 400: "Bad date or range (at most 400 days)", 403: "Key without the read scope" },
});
