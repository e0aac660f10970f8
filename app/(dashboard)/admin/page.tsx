import type { Metadata } from "next";
import { Badge, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { requireUserWhere } from "@/lib/auth/require";
import { canAdminister } from "@/lib/auth/permissions";
import { listApiKeys, listTeams, listUsers } from "@/lib/org/queries";
import { CreateKeyForm } from "./create-key-form";
import { RevokeKeyButton } from "./revoke-key-button";

export const metadata: Metadata = { title: "Admin" };

const fmt = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");

export default async function AdminPage() {
  const user = await requireUserWhere(canAdminister);
  const [teams, users, keys] = await Promise.all([listTeams(user.orgId), listUsers(user.orgId), listApiKeys(user.orgId)]);
  return (
    <>
      <PageHeader title="Admin" description="Teams, people and API keys. Keys are shown once at creation; only their hash is stored." />
      <div className="grid grid-cols-1 gap-6 [&>*]:min-w-0">
        <Card>
          <h2 className="text-base font-semibold text-gray-900">API keys</h2>
          <p className="mt-1 text-sm text-gray-500">Applications send usage with an <code>ingest</code> key; dashboards and scripts read with a <code>read</code> key. Team keys only see and write their team.</p>
          <CreateKeyForm teams={teams.map((t) => ({ slug: t.slug, name: t.name }))} />
          <div className="mt-4 overflow-x-auto">
            <Table>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Prefix</TableHeaderCell>
                  <TableHeaderCell>Scope</TableHeaderCell>
                  <TableHeaderCell>Permissions</TableHeaderCell>
                  <TableHeaderCell>Last used</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell><span className="sr-only">Actions</span></TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {keys.map((k) => (
                  <TableRow key={k.id}>
                    <TableCell>{k.name}</TableCell>
                    <TableCell className="font-mono text-xs">{k.prefix}</TableCell>
                    <TableCell>{k.team ? `team ${k.team.slug}` : "organization"}</TableCell>
                    <TableCell>{k.scopes.join(", ")}</TableCell>
                    <TableCell>{fmt(k.lastUsedAt)}</TableCell>
                    <TableCell>{k.revokedAt ? <Badge color="gray">revoked</Badge> : <Badge color="emerald">active</Badge>}</TableCell>
                    <TableCell>{k.revokedAt ? null : <RevokeKeyButton prefix={k.prefix} />}</TableCell>
                  </TableRow>
                ))}
                {keys.length === 0 ? (
                  <TableRow>
                    <TableCell colSpan={7} className="text-gray-500">No API keys yet.</TableCell>
                  </TableRow>
                ) : null}
              </TableBody>
            </Table>
          </div>
        </Card>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <Card>
            <h2 className="text-base font-semibold text-gray-900">Teams ({teams.length})</h2>
            <ul className="mt-3 divide-y divide-gray-100 text-sm">
              {teams.map((t) => (
                <li key={t.id} className="flex justify-between py-2"><span>{t.name}</span><span className="font-mono text-xs text-gray-500">{t.slug}</span></li>
              ))}
            </ul>
          </Card>
          <Card>
            <h2 className="text-base font-semibold text-gray-900">People ({users.length})</h2>
            <ul className="mt-3 divide-y divide-gray-100 text-sm">
              {users.map((u) => (
                <li key={u.id} className="flex items-center justify-between gap-2 py-2">
                  <span className="min-w-0 truncate">{u.name} <span className="text-gray-500">· {u.email}</span></span>
                  <span className="flex shrink-0 gap-1">
                    <Badge color={u.role === "admin" ? "blue" : u.role === "member" ? "emerald" : "gray"}>{u.role}</Badge>
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </>
  );
}
