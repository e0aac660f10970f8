import { describe, expect, it } from "vitest";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { rowCreateData, storageIssues } from "./store";

describe("store", () => {
  it("maps a row to its columns", () => {
    expect(rowCreateData(OPENAI_2026_06_11.rows[0], 3)).toMatchObject({ model: "gpt-image-2", position: 3, textInputRate: "5", textOutputRate: null, imageOutputRate: "30" });
  });

  it.each([
    ["0.000000001", 0],
    ["0.0000000001", 1],
    ["12.1234567891", 1],
  ])("rate %s -> %i storage issue(s)", (rate, n) => {
    const s = { ...OPENAI_2026_06_11, rows: [{ ...OPENAI_2026_06_11.rows[0], rates: { ...OPENAI_2026_06_11.rows[0].rates, cachedTextInput: rate } }] };
    const issues = storageIssues(s);
    expect(issues).toHaveLength(n);
    if (n) expect(issues[0].path).toBe("rows[0].rates.cachedTextInput");
  });

  it("checks the batch multiplier too", () => {
    expect(storageIssues({ ...OPENAI_2026_06_11, batchMultiplier: "0.3333333333" })).toEqual([expect.objectContaining({ path: "batchMultiplier" })]);
  });
});
