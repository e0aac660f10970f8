import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { findUserForSignIn } from "./queries";
import { dummyHash, verifyPassword } from "./password";
import { clearFailures, recordFailure, throttleWait } from "./throttle";
import { clientAddress } from "./client-address";
import { REFRESH_AFTER_SECONDS, SESSION_MAX_AGE_SECONDS } from "./session-lifetime";
import { env } from "@/lib/env";

const Credentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

/** Sign-in errors shown on the form; next-auth passes the message through as ?error=. */
export const SIGN_IN_ERRORS = {
  invalid: "Wrong email or password.",
  throttled: "Too many failed attempts. Try again in a moment.",
} as const;

export function authOptions(): AuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    // Sessions end 12 h after the last activity (proxy.ts re-issues the JWT; see session-lifetime.ts).
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: REFRESH_AFTER_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = Credentials.safeParse(raw);
          if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
          const { email, password } = parsed.data;
          const keys = [`email:${email}`, `ip:${clientAddress(req?.headers ?? {}, env().TRUST_PROXY)}`];
          const wait = await throttleWait(keys);
          if (wait > 0) throw new Error(`${SIGN_IN_ERRORS.throttled} (${wait}s)`);
          const user = await findUserForSignIn(email);
          const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
          if (!user || !ok || user.disabledAt) {
            await recordFailure(keys);
            throw new Error(SIGN_IN_ERRORS.invalid);
          }
          await clearFailures([`email:${email}`]);
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid };
      },
    },
  };
}
