import { apiRoute } from "@/lib/api/route";
import { metricsResponse } from "@/lib/ops-metrics/service";

export const dynamic = "force-dynamic";

/**
 * GET /api/metrics: Prometheus text format for operators, with `Authorization: Bearer <METRICS_TOKEN>` (no session,
 * no API key). 404 while METRICS_TOKEN is unset, 401 for any other credentials.
 */
export const GET = apiRoute({ auth: "public" }, ({ req }) => metricsResponse(req));
