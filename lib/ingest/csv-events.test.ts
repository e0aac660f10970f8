import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { errorReportCsv, parseUsageCsv, readCsvRecords } from "./csv-events";

const NOW = new Date("2026-11-01T12:00:00Z");
const HEADER =
  "id,timestamp,team,feature,workflow,stage,trace_id,model,provider,text_input_tokens,cached_text_input_tokens,text_output_tokens,image_input_tokens,cached_image_input_tokens,image_output_tokens,images,size,quality,input_images,batch,attempt,outcome,metadata";

describe("readCsvRecords", () => {
  it.each<[string, string, Array<{ line: number; cells: string[]; error?: string }>]>([
    ["LF", "a,b\n1,2\n", [{ line: 1, cells: ["a", "b"] }, { line: 2, cells: ["1", "2"] }]],
    ["CRLF without trailing newline", "a,b\r\n1,2", [{ line: 1, cells: ["a", "b"] }, { line: 2, cells: ["1", "2"] }]],
    ["CR only", "a\r1\r", [{ line: 1, cells: ["a"] }, { line: 2, cells: ["1"] }]],
    ["BOM", "\uFEFFa\n1", [{ line: 1, cells: ["a"] }, { line: 2, cells: ["1"] }]],
    ["blank lines skipped, lines still counted", "a\n\n\r\n1\n\n", [{ line: 1, cells: ["a"] }, { line: 4, cells: ["1"] }]],
    [
      "quoted comma, quote and CRLF newline",
      'a,b\r\n"x,y","he said ""hi""\r\nbye"\r\n2,3',
      [
        { line: 1, cells: ["a", "b"] },
        { line: 2, cells: ["x,y", 'he said "hi"\nbye'] },
        { line: 4, cells: ["2", "3"] },
      ],
    ],
    ["empty fields", ",,\n", [{ line: 1, cells: ["", "", ""] }]],
    [
      "text after a closing quote",
      'a\n"x"y\n2',
      [
        { line: 1, cells: ["a"] },
        { line: 2, cells: ["xy"], error: 'unexpected character "y" after a closing quote' },
        { line: 3, cells: ["2"] },
      ],
    ],
    [
      "unclosed quote",
      'a\n"x\n2',
      [{ line: 1, cells: ["a"] }, { line: 2, cells: ["x\n2"], error: "a quoted field is not closed before the end of the file" }],
    ],
  ])("%s", (_name, text, expected) => {
    expect(readCsvRecords(text)).toEqual(expected);
  });
});

describe("parseUsageCsv", () => {
  it("parses the documented columns into normalized events", () => {
    const text = [
      HEADER,
      'e1,2026-11-01T10:00:00+01:00,design,hero,text_to_image,,t-1,gpt-image-1,,50,0,0,0,0,4160,1,1024x1024,high,,yes,,accepted,"{""ticket"":""A-1""}"',
      "e2,2026-11-01T09:30:00Z,design,edit,image_edit,,,gpt-image-1-mini,,,,,,,,2,1024x1536,low,1,0,2,,",
    ].join("\r\n");
    const r = parseUsageCsv(text, NOW);
    expect(r.errors).toEqual([]);
    expect(r.rowCount).toBe(2);
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({
      id: "e1",
      timestamp: new Date("2026-11-01T09:00:00Z"),
      traceId: "t-1",
      provider: "openai",
      tokenSource: "usage",
      tokens: { textInput: 50, imageOutput: 4160 },
      batch: true,
      outcome: "accepted",
      metadata: { ticket: "A-1" },
    });
    expect(r.events[1]).toMatchObject({ id: "e2", tokenSource: "none", images: 2, inputImages: 1, batch: false, attempt: 2 });
  });

  it("accepts camelCase and mixed-case headers in any order", () => {
    const text = "Model,ID,traceId,imageOutputTokens,Workflow,feature,timestamp\ngpt-image-1,e1,t,10,text_to_image,f,2026-11-01T09:00:00Z\n";
    const r = parseUsageCsv(text, NOW);
    expect(r.errors).toEqual([]);
    expect(r.events[0]).toMatchObject({ id: "e1", traceId: "t", model: "gpt-image-1", tokens: { imageOutput: 10 } });
  });

  it("reports every bad row with physical line, row number, column and message", () => {
    const text = [
      "id,timestamp,feature,workflow,model,image_output_tokens,batch,metadata",
      "ok1,2026-11-01T09:00:00Z,f,text_to_image,gpt-image-1,10,,",
      "",
      'bad1,2026-11-01T09:00:00Z,"multi',
      'line",text_to_image,gpt-image-1,-5,maybe,',
      "bad2,yesterday,f,text_to_image,gpt-image-1,abc,,{not json}",
      "ok2,2026-11-01T09:00:00Z,f,text_to_image,gpt-image-1,1.5e3,,",
    ].join("\n");
    const r = parseUsageCsv(text, NOW);
    expect(r.rowCount).toBe(4);
    expect(r.events.map((e) => e.id)).toEqual(["ok1", "ok2"]);
    expect(r.events[1].tokens.imageOutput).toBe(1500);
    expect(r.errors.map((e) => [e.line, e.row, e.id, e.column, e.message])).toEqual([
      [4, 2, "bad1", "batch", "must be true/false, 1/0 or yes/no"],
      [4, 2, "bad1", "image_output_tokens", "must be a non-negative whole number"],
      [6, 3, "bad2", "metadata", 'must be a JSON object, e.g. {"ticket":"A-1"}'],
      [6, 3, "bad2", "timestamp", expect.stringMatching(/ISO-8601/)],
      [6, 3, "bad2", "image_output_tokens", "must be a non-negative whole number"],
    ]);
  });

  it("reports the cross-field rule without a column", () => {
    const r = parseUsageCsv("id,timestamp,feature,workflow,model\ne,2026-11-01T09:00:00Z,f,text_to_image,m\n", NOW);
    expect(r.errors).toEqual([
      { line: 2, row: 1, id: "e", column: null, path: "usage", message: expect.stringMatching(/usage or openaiUsage/) },
    ]);
  });

  it("collapses identical duplicate rows and rejects conflicting ones", () => {
    const h = "id,timestamp,feature,workflow,model,images";
    const r = parseUsageCsv(
      [
        h,
        "a,2026-11-01T09:00:00Z,f,text_to_image,m,1",
        "a,2026-11-01T10:00:00+01:00,f,text_to_image,m,1",
        "b,2026-11-01T09:00:00Z,f,text_to_image,m,1",
        "b,2026-11-01T09:00:00Z,f,text_to_image,m,2",
      ].join("\n"),
      NOW,
    );
    expect(r.duplicatesCollapsed).toBe(1);
    expect(r.events.map((e) => e.id)).toEqual(["a"]);
    expect(r.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [4, "id", 'duplicate id "b" with different content (also on line 5)'],
      [5, "id", 'duplicate id "b" with different content (also on line 4)'],
    ]);
  });

  it.each<[string, string, RegExp]>([
    ["empty file", "", /header row is required/],
    ["unknown column", "id,timestamp,feature,workflow,model,colour\n", /unknown column "colour"/],
    ["duplicate column", "id,timestamp,feature,workflow,model,trace_id,traceId\n", /duplicate column "traceId"/],
    ["missing required columns", "id,timestamp,feature\n", /missing required columns: workflow, model/],
  ])("header error: %s", (_name, text, message) => {
    const r = parseUsageCsv(text, NOW);
    expect(r.events).toEqual([]);
    expect(r.errors[0]).toMatchObject({ row: 0, message: expect.stringMatching(message) });
  });

  it("rejects rows with more fields than the header and skips all-empty rows", () => {
    const r = parseUsageCsv("id,timestamp,feature,workflow,model,images\n,,,,,\na,2026-11-01T09:00:00Z,f,text_to_image,m,1,extra\n", NOW);
    expect(r.rowCount).toBe(1);
    expect(r.errors).toEqual([
      { line: 3, row: 1, id: "a", column: null, path: "", message: "has 7 fields but the header has 6" },
    ]);
  });
});

describe("errorReportCsv", () => {
  it("writes one line per error with the original row values, quoting and neutralizing formulas", () => {
    const text = 'id,timestamp,feature,workflow,model,images\n=cmd,nope,"a, b",text_to_image,m,1\n';
    const r = parseUsageCsv(text, NOW);
    const report = errorReportCsv(r.errors, { header: r.header, rows: r.rows });
    expect(report.startsWith("\uFEFF")).toBe(true);
    const rows = parse(report, { bom: true }) as string[][];
    expect(rows[0]).toEqual(["line", "row", "id", "field", "message", "id", "timestamp", "feature", "workflow", "model", "images"]);
    expect(rows.slice(1)).toEqual([
      ["2", "1", "'=cmd", "timestamp", expect.stringMatching(/ISO-8601/), "'=cmd", "nope", "a, b", "text_to_image", "m", "1"],
    ]);
  });

  it("works without the original rows and keeps negative numbers as numbers", () => {
    const report = errorReportCsv([
      { line: 3, row: 2, id: null, column: null, path: "usage.textInputTokens", message: "-5 is negative" },
    ]);
    expect(report).toBe('\uFEFFline,row,id,field,message\r\n3,2,,usage.textInputTokens,-5 is negative\r\n');
  });
});
