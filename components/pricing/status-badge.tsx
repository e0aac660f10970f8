import { Badge } from "@/components/tremor";
import type { SnapshotStatus } from "@/lib/pricing/views";

export function StatusBadge({ status, inForce }: { status: SnapshotStatus; inForce?: boolean }) {
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="snapshot-status">
      <Badge color={status === "published" ? "emerald" : "amber"} size="xs">
        {status === "published" ? "Published" : "Draft"}
      </Badge>
      {inForce ? (
        <Badge color="blue" size="xs">
          In force
        </Badge>
      ) : null}
    </span>
  );
}
