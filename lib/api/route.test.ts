import { describe, expect, it } from "vitest";
import { json } from "./route";

describe("json", () => {
  it.each<[string, unknown, string]>([
    ["plain data (no replacer)", { a: "1.000000000", b: [1, null] }, '{"a":"1.000000000","b":[1,null]}'],
    ["a bigint as a decimal string", { n: 9007199254740993n, m: [1n] }, '{"n":"9007199254740993","m":["1"]}'],
  ])("serializes %s", async (_name, data, expected) => {
    const res = json(data);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe(expected);
  });
});
