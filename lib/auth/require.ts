import { forbidden, redirect } from "next/navigation";
import { getSession } from "./session";
import type { UserPrincipal } from "./permissions";

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<UserPrincipal> {
  const user = await getSession();
  if (!user) redirect("/sign-in");
  return user;
}

/** For pages: the user if `allowed`, else the 403 page. */
export async function requireUserWhere(allowed: (u: UserPrincipal) => boolean): Promise<UserPrincipal> {
  const user = await requireUser();
  if (!allowed(user)) forbidden();
  return user;
}
