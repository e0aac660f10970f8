import { parse } from "../args";
import { seedDemo as run } from "@/lib/demo/seed";
import { DEMO_PASSWORDS } from "@/lib/demo/catalog";

export async function seedDemo(argv: string[]): Promise<void> {
  const { values } = parse(argv, { "if-empty": { type: "boolean" } });
  const result = await run({ log: (l) => console.log(`  ${l}`) });
  if (!result.seeded) {
    if (values["if-empty"]) {
      console.log(`demo data not seeded: ${result.reason}`);
      return;
    }
    throw new Error(`refusing to seed: ${result.reason} (use an empty database)`);
  }
  console.log("demo data seeded; sign in with:");
  for (const [role, u] of Object.entries(DEMO_PASSWORDS)) console.log(`  ${role.padEnd(6)} ${u.email} / ${u.password}`);
}
