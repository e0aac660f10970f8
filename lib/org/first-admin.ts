import { db, Prisma, type Db } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/log";
import { hashPassword } from "@/lib/auth/password";
import { FirstAdminInput } from "@/lib/auth/password-policy";
import { badRequest, conflict } from "@/lib/api/errors";
import { zodIssuesToFieldsPlain } from "@/lib/api/zod-fields";

/**
 * First run of a production database: it starts with no organization and no user (demo data belongs to
 * `npm run demo` and the embedded default only), so nobody can sign in until the operator creates the first admin
 * on /setup (or with `spendscope user create`).
 * Invariant: at most one first admin. Creation runs in one transaction holding a transaction-scoped advisory lock,
 * re-checks "no user yet" under it and only then inserts: of two concurrent submissions, the second waits for the
 * first to commit, sees its user and gets a 409.
 */
const FIRST_ADMIN_LOCK = 0x5e7_0001;
export const SETUP_ACTOR = { actor: "setup", actorLabel: "first-run setup" } as const;

/** True until the first user exists: /setup is open only then. */
export async function needsFirstAdmin(client: Db = db()): Promise<boolean> {
  return (await client.user.count()) === 0;
}

export async function createFirstAdmin(input: unknown, client: Db = db()): Promise<{ id: string; email: string }> {
  const parsed = FirstAdminInput.safeParse(input);
  if (!parsed.success) {
    const fields = zodIssuesToFieldsPlain(parsed.error);
    throw badRequest(fields.map((f) => `${f.path}: ${f.message}`).join("; "), fields);
  }
  const { email, name, password } = parsed.data;
  if (!(await needsFirstAdmin(client))) throw setupDone();
  const passwordHash = await hashPassword(password);
  return client.$transaction(async (tx) => {
    await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK}::bigint)`);
    if ((await tx.user.count()) > 0) throw setupDone();
    const org =
      (await tx.organization.findFirst({ orderBy: { createdAt: "asc" } })) ??
      (await tx.organization.create({ data: { name: "Spendscope", timeZone: "UTC", currency: "USD" } }));
    const user = await tx.user.create({ data: { orgId: org.id, email, name, role: "admin", passwordHash } });
    await writeAudit(tx, {
      orgId: org.id,
      ...SETUP_ACTOR,
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: { email, role: "admin", firstAdmin: true },
    });
    return { id: user.id, email: user.email };
  });
}

const setupDone = () => conflict("Setup is already done: sign in, or ask an admin for an account.");
