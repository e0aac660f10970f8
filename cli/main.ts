import { UsageError } from "./args";
import { connectDatabase } from "./database";
import { AppError } from "@/lib/api/errors";
import { db } from "@/lib/db/client";

/** One line per command; `spendscope help` prints it. */
const USAGE = `Usage: spendscope <command> [options]

Commands:
  migrate                                   apply pending database migrations
  seed-demo [--if-empty]                    create the demo organization, pricing, usage, budgets and alerts
  user create --email E --role R [--password P] [--name N] [--teams a,b]
  team create --slug S --name N
  key create (--team S | --org) --scopes ingest,read --name N
                                            prints the new key as the last line of stdout
  key revoke PREFIX
  pricing import FILE [--publish] [--format json|csv|litellm] [--provider P] [--name N]
                 [--effective-from ISO] [--skip-invalid] [--dry-run] [--litellm-provider P]
  pricing export (ID | PROVIDER | PROVIDER:vN) [--format json|csv]   prints to stdout
  worker                                    run the alert worker (evaluation + outbox delivery)
  alerts evaluate                           run one evaluation pass and deliver the outbox once
  help

DATABASE_URL selects PostgreSQL; when unset, the embedded database in .data/ is used.`;

type Command = (argv: string[]) => Promise<void>;

async function load(name: string): Promise<Record<string, Command>> {
  switch (name) {
    case "migrate":
      return import("./commands/migrate");
    case "seed-demo":
      return import("./commands/seed-demo");
    case "user":
    case "team":
    case "key":
      return import("./commands/org");
    case "pricing":
      return import("./commands/pricing");
    case "worker":
    case "alerts":
      return import("./commands/alerts");
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  let conn: Awaited<ReturnType<typeof connectDatabase>> | null = null;
  try {
    const mod = await load(command);
    const fn = mod[command === "seed-demo" ? "seedDemo" : command];
    if (!fn) throw new UsageError(`unknown command "${command}"`);
    conn = await connectDatabase();
    await fn(rest);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`spendscope: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof AppError) {
      console.error(`spendscope: ${e.message}`);
      for (const f of e.extra.invalidFields ?? []) console.error(`  ${f.path}: ${f.message}`);
      return 1;
    }
    console.error(`spendscope: ${(e as Error).stack ?? e}`);
    return 1;
  } finally {
    await db().$disconnect().catch(() => undefined);
    await conn?.close();
  }
}

// Exit explicitly: the WASM schema engine can leave an idle socket that would hold the process for seconds.
process.exit(await main(process.argv.slice(2)));
