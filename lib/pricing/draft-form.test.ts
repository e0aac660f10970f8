import { describe, expect, it } from "vitest";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { snapshotDocument } from "@/lib/pricing/store";
import { SnapshotInput } from "@/lib/pricing/snapshot-schema";
import { clientErrors, toBody, toEditorState } from "./draft-form";

const doc = snapshotDocument(OPENAI_2026_06_11);

describe("draft form", () => {
  it("round-trips a snapshot document through the form state unchanged", () => {
    const body = toBody(toEditorState(doc));
    expect(clientErrors(toEditorState(doc))).toEqual({});
    const parsed = SnapshotInput.parse(body);
    expect(snapshotDocument(parsed)).toEqual(doc);
  });

  it("flags bad values inline under the server's field paths", () => {
    const s = toEditorState(doc);
    s.rows[0].rates.imageOutput = "3O";
    s.rows[1].rates.textOutput = "-1";
    s.rows[2].tokens[0].values.low = "12.5";
    s.rows[3].model = "gpt image";
    s.batchMultiplier = "2";
    s.effectiveFrom = "yesterday";
    expect(Object.keys(clientErrors(s)).sort()).toEqual(
      ["batchMultiplier", "effectiveFrom", "rows[0].rates.imageOutput", "rows[1].rates.textOutput", "rows[2].imageOutputTokens.1024x1024.low", "rows[3].model"].sort(),
    );
  });

  it("empty rates are sent as null (not listed); typed token text is sent as typed", () => {
    const s = toEditorState(doc);
    s.rows[0].rates.textInput = " ";
    s.rows[0].tokens[0].values.low = "abc";
    s.rows[0].aliases = "a, b  c";
    const body = toBody(s);
    expect(body.rows[0].rates.textInput).toBeNull();
    expect(body.rows[0].imageOutputTokens["1024x1024"]).toEqual({ low: "abc", medium: 1756, high: 7024 });
    expect(body.rows[0].aliases).toEqual(["a", "b", "c"]);
  });

  it("edits per-image and per-megapixel prices in the compact syntax and round-trips them", () => {
    const withUnits = { ...doc, rows: [...doc.rows, { model: "dall-e-3", aliases: [], rates: doc.rows[0].rates, imageOutputTokens: {}, imagePrices: { "1024x1024": { standard: "0.04", hd: "0.08" }, "*": { "*": "0.1" } }, megapixelPrice: "0.03" }] };
    const s = toEditorState(withUnits);
    const last = s.rows[s.rows.length - 1];
    expect(last.imagePrices).toBe("1024x1024:standard=0.04;hd=0.08 *:*=0.1");
    expect(last.megapixelPrice).toBe("0.03");
    expect(clientErrors(s)).toEqual({});
    expect(snapshotDocument(SnapshotInput.parse(toBody(s)))).toEqual(withUnits);
    last.imagePrices = "1024x1024:hd";
    last.megapixelPrice = "3 cents";
    expect(clientErrors(s)).toEqual({
      [`rows[${s.rows.length - 1}].imagePrices`]: '"hd" in size 1024x1024: expected quality=price (e.g. standard=0.04)',
      [`rows[${s.rows.length - 1}].megapixelPrice`]: "must be a non-negative decimal like 0.03 (leave empty for none)",
    });
    expect(toBody(s).rows[s.rows.length - 1].imagePrices).toBe("1024x1024:hd");
  });
});
