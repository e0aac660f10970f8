import type { Principal } from "@/lib/auth/permissions";

/** Who may upload usage files: admins, members (for their teams; checked per row) and keys with the ingest scope. */
export function canUploadUsage(p: Principal): boolean {
  if (p.kind === "key") return p.scopes.includes("ingest");
  return p.role === "admin" || p.role === "member";
}

/** Who may import OpenAI exports and map OpenAI projects to teams: admins. */
export function canImportOpenAI(p: Principal): boolean {
  return p.kind === "user" && p.role === "admin";
}
