import { AppError } from "@/lib/api/errors";
import { getSnapshot } from "@/lib/pricing/service";
import type { SnapshotDetail } from "@/lib/pricing/views";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isSnapshotId(id: string | undefined | null): id is string {
  return typeof id === "string" && UUID.test(id);
}

/** For pages: the snapshot, or `notFound()` (passed in, so this stays framework-free) for a bad or unknown id. */
export async function loadSnapshotOr404(orgId: string, id: string, notFound: () => never): Promise<SnapshotDetail> {
  if (!isSnapshotId(id)) notFound();
  try {
    return await getSnapshot(orgId, id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
}
