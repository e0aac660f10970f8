/**
 * A real next-auth session cookie for a user: the same JWT next-auth's credentials sign-in sets, signed with the
 * app's NEXTAUTH_SECRET, so the handler under test resolves it through getServerSession -> getSession exactly as
 * in production (role and teams come from the database, not the token).
 */
import { encode } from "next-auth/jwt";
import { env, setEnv } from "@/lib/env";

export const TEST_NEXTAUTH_SECRET = "spendscope-test-secret-0123456789";
/** next-auth's cookie name on plain http (NEXTAUTH_URL not https). */
export const SESSION_COOKIE = "next-auth.session-token";

export function ensureTestAuthEnv(): void {
  if (!env().NEXTAUTH_SECRET) setEnv({ NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET });
  // next-auth reads NEXTAUTH_URL itself; plain http keeps the cookie name above.
  process.env.NEXTAUTH_URL ??= "http://spendscope.test";
}

export async function sessionCookie(user: { id: string; email: string; name?: string }): Promise<string> {
  ensureTestAuthEnv();
  const secret = env().NEXTAUTH_SECRET as string;
  const claims = { uid: user.id, sub: user.id, email: user.email, name: user.name ?? user.email };
  const token = await encode({ token: claims, secret });
  return `${SESSION_COOKIE}=${token}`;
}
