import { describe, expect, it } from "vitest";
import type { ImageOutputTokenTable } from "@/lib/cost/types";
import { canonicalTokenTable, formatTokenTableCompact, parseTokenTableCompact } from "@/lib/pricing/formats/token-table";

describe("compact token table syntax", () => {
  it.each<[string, ImageOutputTokenTable]>([
    ["", {}],
    ["   ", {}],
    ["1024x1024:low=196;medium=1756;high=7024", { "1024x1024": { low: 196, medium: 1756, high: 7024 } }],
    [
      "1536x1024:high=5488 1024x1024:low=196   1024x1536:medium=1372;low=158",
      { "1024x1024": { low: 196 }, "1024x1536": { low: 158, medium: 1372 }, "1536x1024": { high: 5488 } },
    ],
    ["auto:Medium=10;", { auto: { medium: 10 } }],
  ])("parses %j", (text, expected) => {
    const r = parseTokenTableCompact(text);
    expect(r).toEqual({ ok: true, value: expected });
    if (r.ok) expect(Object.keys(r.value)).toEqual(Object.keys(expected));
  });

  it.each<[string, RegExp]>([
    ["1024x1024", /expected SIZE:quality=tokens/],
    ["1024*1024:low=1", /not a size like "1024x1024"/],
    ["0x1024:low=1", /not a size/],
    ["1024x1024:", /lists no qualities/],
    ["1024x1024:ultra=5", /"ultra" in size 1024x1024 is not a quality/],
    ["1024x1024:low=0", /positive integer/],
    ["1024x1024:low=1.5", /expected quality=tokens/],
    ["1024x1024:low=-3", /expected quality=tokens/],
    ["1024x1024:low", /expected quality=tokens/],
    ["1024x1024:low=1;low=2", /lists low twice/],
    ["1024x1024:low=1 1024x1024:high=2", /appears twice/],
    ["1024x1024:low=99999999999999999999", /positive integer/],
  ])("rejects %j", (text, message) => {
    const r = parseTokenTableCompact(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("formats in canonical order and round-trips", () => {
    const table: ImageOutputTokenTable = {
      auto: { high: 9 },
      "1536x1024": { high: 5488, low: 158 },
      "1024x1024": { medium: 1756, low: 196 },
    };
    const text = formatTokenTableCompact(table);
    expect(text).toBe("1024x1024:low=196;medium=1756 1536x1024:low=158;high=5488 auto:high=9");
    expect(parseTokenTableCompact(text)).toEqual({ ok: true, value: canonicalTokenTable(table) });
  });

  it("orders sizes by pixel count, then width, auto last", () => {
    const t = canonicalTokenTable({ auto: { low: 1 }, "2048x2048": { low: 1 }, "1536x1024": { low: 1 }, "1024x1536": { low: 1 }, "512x512": { low: 1 } });
    expect(Object.keys(t)).toEqual(["512x512", "1024x1536", "1536x1024", "2048x2048", "auto"]);
  });
});
