import { describe, expect, it } from "vitest";
import { costsQuerySchema, parseSort, parseViewParams, resolveApiRange, viewQueryString } from "./filters";

const paths = (q: Record<string, string>) => {
  const r = costsQuerySchema.safeParse(q);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

describe("costsQuerySchema", () => {
  it.each<[Record<string, string>, string[]]>([
    [{ from: "2026-11-01", to: "2026-11-30" }, []],
    [{ from: "2026-02-30" }, ["from"]],
    [{ to: "11/30/2026" }, ["to"]],
    [{ from: "2026-11-02", to: "2026-11-01" }, ["to"]],
    [{ tz: "Asia/Kolkata" }, []],
    [{ tz: "Nowhere/Land" }, ["tz"]],
    [{ groupBy: "" }, []],
    [{ groupBy: "team, day ,model" }, []],
    [{ groupBy: "team,size" }, ["groupBy.1"]],
    [{ groupBy: "day,day" }, ["groupBy"]],
    [{ workflow: "image_edit,vision_analysis" }, []],
    [{ workflow: "video" }, ["workflow.0"]],
    [{ outcome: "accepted,oops" }, ["outcome.1"]],
    [{ feature: "a,b", model: "gpt-image-2", provider: "openai", team: "growth" }, []],
    [{ grupBy: "team" }, ["grupBy"]],
  ])("%j -> invalid %j", (q, expected) => {
    expect(paths(q)).toEqual(expected);
  });

  it("splits, trims and lowercases providers", () => {
    const r = costsQuerySchema.parse({ groupBy: "team, day", provider: "OpenAI, Flatkey" });
    expect(r.groupBy).toEqual(["team", "day"]);
    expect(r.provider).toEqual(["openai", "flatkey"]);
  });
});

describe("resolveApiRange", () => {
  const now = new Date("2026-11-25T03:00:00Z");
  it.each([
    [{}, "UTC", { from: "2026-11-01", to: "2026-11-25" }],
    [{}, "America/New_York", { from: "2026-11-01", to: "2026-11-24" }],
    [{ from: "2026-10-01" }, "UTC", { from: "2026-10-01", to: "2026-11-25" }],
    [{ to: "2026-10-15" }, "UTC", { from: "2026-10-01", to: "2026-10-15" }],
  ])("%j in %s", (q, tz, range) => {
    expect(resolveApiRange(q, tz, now)).toEqual({ range });
  });
  it("reports an empty range on the parameter that was given", () => {
    expect(resolveApiRange({ from: "2026-12-01" }, "UTC", now)).toMatchObject({ error: { path: "from" } });
  });
});

describe("parseViewParams", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it("defaults to the last 30 days in the organization's zone", () => {
    const v = parseViewParams({}, "Asia/Tokyo", now);
    expect(v).toMatchObject({ tz: "Asia/Tokyo", tzOverride: false, preset: "last30", range: { from: "2026-10-27", to: "2026-11-25" }, problems: [] });
  });
  it("takes presets, custom ranges, tz overrides and repeated or comma-listed filters", () => {
    const v = parseViewParams({ from: "2026-11-01", to: "2026-11-03", tz: "UTC", team: ["growth", "ops"], model: "a,b", workflow: "image_edit" }, "Asia/Tokyo", now);
    expect(v.range).toEqual({ from: "2026-11-01", to: "2026-11-03" });
    expect(v.preset).toBeNull();
    expect(v.tzOverride).toBe(true);
    expect(v.filters.team).toEqual(["growth", "ops"]);
    expect(v.filters.model).toEqual(["a", "b"]);
    expect(v.filters.workflow).toEqual(["image_edit"]);
    expect(parseViewParams({ range: "mtd" }, "UTC", now).range).toEqual({ from: "2026-11-01", to: "2026-11-25" });
  });
  it.each([
    [{ tz: "Bad/Zone" }, /Unknown time zone/],
    [{ range: "forever" }, /Unknown range/],
    [{ from: "2026-11-05", to: "2026-11-01" }, /ends/],
    [{ from: "yesterday" }, /dates must look like/],
    [{ workflow: "video" }, /Unknown workflow/],
  ])("reports %j and falls back", (sp, message) => {
    const v = parseViewParams(sp, "UTC", now);
    expect(v.problems.join(" ")).toMatch(message);
    expect(v.range.to).toBe("2026-11-25");
  });
  it("round-trips through viewQueryString", () => {
    const v = parseViewParams({ from: "2026-11-01", to: "2026-11-03", tz: "Europe/Berlin", feature: "a b,c" }, "UTC", now);
    const qs = viewQueryString(v, { sort: "spend" });
    expect(qs).toBe("?from=2026-11-01&to=2026-11-03&tz=Europe%2FBerlin&feature=a+b%2Cc&sort=spend");
    const back = parseViewParams(Object.fromEntries(new URLSearchParams(qs)), "UTC", now);
    expect(back.filters.feature).toEqual(["a b", "c"]);
    expect(viewQueryString(parseViewParams({}, "UTC", now))).toBe("");
  });
});

describe("parseSort", () => {
  it.each([
    [{}, { key: "spend", dir: "desc" }],
    [{ sort: "name" }, { key: "name", dir: "desc" }],
    [{ sort: "name", dir: "asc" }, { key: "name", dir: "asc" }],
    [{ sort: "nope", dir: "asc" }, { key: "spend", dir: "asc" }],
    [{ x_sort: "name" }, { key: "spend", dir: "desc" }],
  ])("%j", (sp, expected) => {
    expect(parseSort(sp, ["name", "spend"], { key: "spend", dir: "desc" })).toEqual(expected);
  });
});
