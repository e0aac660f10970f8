/**
 * Signs in over plain HTTP the way the browser form does (next-auth credentials: CSRF token, then the callback) and
 * returns the session cookie ("name=value"), or null when the credentials were refused.
 */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string | null> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const r = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; "), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  await r.arrayBuffer();
  const session = r.headers.getSetCookie().find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  return session ? session.split(";")[0] : null;
}
