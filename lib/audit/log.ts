import type { Prisma, Tx } from "@/lib/db/client";
import { redactSecrets } from "./redact";

export interface AuditEntry {
  orgId: string;
  actor: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Written in the same transaction as the change it records; secrets in before/after are redacted (./redact). */
export async function writeAudit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      orgId: e.orgId,
      actor: e.actor,
      actorLabel: e.actorLabel,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      before: toJson(e.before),
      after: toJson(e.after),
    },
  });
}

/** Decimals and bigints become strings, dates ISO strings: audit JSON never loses digits. */
function toJson(v: unknown): Prisma.InputJsonValue | undefined {
  if (v === undefined || v === null) return undefined;
  const plain = JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)));
  return redactSecrets(plain) as Prisma.InputJsonValue;
}

export const CLI_ACTOR = { actor: "cli", actorLabel: "spendscope CLI" } as const;
