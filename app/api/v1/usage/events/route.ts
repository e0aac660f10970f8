import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend, visibleTeamIds } from "@/lib/auth/permissions";
import { EventsQuerySchema } from "@/lib/ingest/api-schemas";
import { listEvents } from "@/lib/ingest/events";

export const dynamic = "force-dynamic";

/** GET /api/v1/usage/events: stored events by id, or the most recently ingested (session, or a key with read or ingest). */
export const GET = apiRoute(
  { auth: "session-or-key", scopes: ["read", "ingest"], authorize: (p) => canBrowseSpend(p) || (p.kind === "key" && p.scopes.includes("ingest")), query: EventsQuerySchema },
  async ({ principal, query }) => ({ events: await listEvents(principal.orgId, { ids: query.ids, limit: query.limit, teamIds: visibleTeamIds(principal) }) }),
);
