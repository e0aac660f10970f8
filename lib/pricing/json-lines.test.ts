import { describe, expect, it } from "vitest";
import { firstSyntaxError, jsonErrorLine, locateJson } from "./json-lines";

describe("locateJson", () => {
  it("finds the line of each element of the top-level rows array", () => {
    const text = ['{', '  "name": "x",', '  "meta": { "rows": [1, 2] },', '  "rows": [', '    { "model": "a" },', '', '    {', '      "model": "b"', '    }, "str", 3', '  ]', '}'].join("\n");
    expect(locateJson(text).rowLines).toEqual([5, 7, 9, 9]);
  });

  it.each([
    ['{"rows":[{"a":"x\\"y"},{"b":1}]}', [1, 1]],
    ['{"a":"[\\"rows\\"]","rows":[\n{}\n]}', [2]],
    ["[1, 2]", []],
    ['{"rows": [', []],
  ])("%j -> %j", (text, lines) => {
    expect(locateJson(text).rowLines).toEqual(lines);
  });

  it("finds top-level keys (LiteLLM entries) but not nested ones", () => {
    const text = '{\n  "gpt-image-1": {\n    "gpt-image-2": 1\n  },\n  "gpt-image-2": {}\n}';
    const { keyLines } = locateJson(text);
    expect(Object.fromEntries(keyLines)).toEqual({ "gpt-image-1": 2, "gpt-image-2": 5 });
  });
});

describe("jsonErrorLine", () => {
  it.each([
    ["Unexpected token } in JSON at position 7", "{\n\"a\":\n}", 3],
    ["Expected ',' or '}' after property value in JSON at position 12 (line 3 column 2)", "", 3],
    ["Unexpected end of JSON input", "{\n", 2],
  ])("%s", (message, text, line) => {
    expect(jsonErrorLine(text, message)).toBe(line);
  });
});

describe("firstSyntaxError", () => {
  it.each([
    ['{"a": 1}', undefined],
    ['{"a": [1, 2.5e3, "x\\n", true, null]}', undefined],
    ['{"a": [,]}', 7],
    ['{"a" 1}', 5],
    ['{"a": 01}', 7],
    ['{"a": tru}', 6],
    ['{"a": 1} x', 9],
    ['{"a": "b', 8],
  ])("%j -> %j", (text, pos) => {
    expect(firstSyntaxError(text)).toBe(pos);
  });
});
