import { parse, required, UsageError } from "../args";
import { CLI_ACTOR } from "@/lib/audit/log";
import { createApiKey, createTeam, createUser, ensureOrganization, requireOrganization, revokeApiKey } from "@/lib/org/service";
import { randomBytes } from "node:crypto";

export async function user(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv, {
    email: { type: "string" },
    role: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    teams: { type: "string" },
  });
  if (positionals[0] !== "create" || positionals.length > 1) throw new UsageError("usage: user create --email E --role R [--password P]");
  const email = required(values.email, "--email");
  const role = required(values.role, "--role");
  if (!["admin", "member", "viewer"].includes(role)) throw new UsageError(`--role must be admin, member or viewer (got "${role}")`);
  const generated = values.password === undefined;
  const password = values.password ?? randomBytes(12).toString("base64url");
  const org = await ensureOrganization();
  const u = await createUser(org.id, { email, role, password, name: values.name, teams: values.teams ? values.teams.split(",").map((s) => s.trim()).filter(Boolean) : [] }, CLI_ACTOR);
  console.log(`created ${u.role} ${u.email}`);
  if (generated) console.log(`password: ${password}`);
}

export async function team(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv, { slug: { type: "string" }, name: { type: "string" } });
  if (positionals[0] !== "create" || positionals.length > 1) throw new UsageError("usage: team create --slug S --name N");
  const org = await ensureOrganization();
  const t = await createTeam(org.id, { slug: required(values.slug, "--slug"), name: required(values.name, "--name") }, CLI_ACTOR);
  console.log(`created team ${t.slug} (${t.name})`);
}

export async function key(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv, {
    team: { type: "string" },
    org: { type: "boolean" },
    scopes: { type: "string" },
    name: { type: "string" },
  });
  const sub = positionals[0];
  if (sub === "create") {
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    if (Boolean(values.team) === Boolean(values.org)) throw new UsageError("key create needs exactly one of --team S or --org");
    const scopes = required(values.scopes, "--scopes").split(",").map((s) => s.trim()).filter(Boolean);
    const org = await requireOrganization();
    const k = await createApiKey(org.id, { name: required(values.name, "--name"), team: values.team ?? null, scopes }, CLI_ACTOR);
    console.log(`created ${k.team ? `team ${k.team}` : "organization-wide"} key ${k.prefix} with scopes ${k.scopes.join(",")}`);
    console.log("store it now: it is shown only once");
    console.log(k.key);
    return;
  }
  if (sub === "revoke") {
    const prefix = positionals[1];
    if (!prefix || positionals.length > 2) throw new UsageError("usage: key revoke PREFIX");
    const org = await requireOrganization();
    await revokeApiKey(org.id, prefix, CLI_ACTOR);
    console.log(`revoked ${prefix}`);
    return;
  }
  throw new UsageError('usage: key create (--team S | --org) --scopes ingest,read --name N, or key revoke PREFIX');
}
