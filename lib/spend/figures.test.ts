import { describe, expect, it } from "vitest";
import { addFigures, changePercent, costPerAcceptedOutput, costPerImage, figuresFrom, retriesPerAccepted, sharePercent, zeroFigures } from "./figures";

function fig(cost: string, counts: Partial<Record<string, number>> = {}) {
  return figuresFrom({
    counts: {
      events: 0, images: 0, inputImages: 0, acceptedOutputs: 0, retries: 0, unpricedEvents: 0, warningEvents: 0, estimatedEvents: 0,
      textInputTokens: 0, cachedTextInputTokens: 0, textOutputTokens: 0, imageInputTokens: 0, cachedImageInputTokens: 0, imageOutputTokens: 0,
      ...counts,
    },
    money: { cost, textInputCost: "0", cachedTextInputCost: "0", textOutputCost: "0", imageInputCost: "0", cachedImageInputCost: "0", imageOutputCost: cost },
  });
}

describe("figures", () => {
  it("normalizes amounts to at least 9 decimals without losing digits", () => {
    expect(fig("0.1").cost).toBe("0.100000000");
    expect(fig("0.000000000001").cost).toBe("0.000000000001");
  });
  it("adds exactly where floats would not", () => {
    const list = Array.from({ length: 10 }, () => fig("0.1", { events: 1 }));
    expect(addFigures(list).cost).toBe("1.000000000");
    expect(addFigures(list).events).toBe(10);
    expect(addFigures([fig("0.000000000001"), fig("123456789.999999999999")]).cost).toBe("123456790.000000000");
    expect(addFigures([]).cost).toBe(zeroFigures().cost);
  });
  it.each([
    ["1", { images: 3 }, "0.333333333333"],
    ["1", { images: 0 }, null],
    ["0.05318", { images: 1 }, "0.053180000"],
  ])("cost per image of %s with %j", (cost, counts, expected) => {
    expect(costPerImage(fig(cost, counts))).toBe(expected);
  });
  it("cost per accepted output and retries per accepted output", () => {
    const f = fig("2", { acceptedOutputs: 4, retries: 1 });
    expect(costPerAcceptedOutput(f)).toBe("0.500000000");
    expect(retriesPerAccepted(f)).toBe("0.250000");
    expect(retriesPerAccepted(fig("2"))).toBeNull();
  });
  it.each([
    ["1", "4", "25.0000"],
    ["1", "3", "33.3333"],
    ["1", "0", null],
  ])("share %s of %s", (part, whole, expected) => {
    expect(sharePercent(part, whole)).toBe(expected);
  });
  it.each([
    ["150", "100", "50.0000"],
    ["50", "100", "-50.0000"],
    ["5", "0", null],
  ])("change %s vs %s", (cur, prev, expected) => {
    expect(changePercent(cur, prev)).toBe(expected);
  });
});
