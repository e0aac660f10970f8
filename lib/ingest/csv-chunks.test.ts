import { describe, expect, it } from "vitest";
import { parseUsageCsv } from "./csv-events";
import { splitCsvChunks } from "./csv-chunks";

const NOW = new Date("2026-11-25T00:00:00Z");
const header = "id,timestamp,team,feature,workflow,model,images,size,quality,metadata";
const row = (i: number, meta = "") => `r${i},2026-11-01T10:00:00Z,alpha,f,text_to_image,gpt-image-2,1,1024x1024,low,${meta}`;

describe("splitCsvChunks", () => {
  it("cuts at record boundaries, keeps the header, and numbers rows and lines like the server", () => {
    const lines = [header, row(1), "", row(2, '"{""a"":1,\n""b"":""x""}"'), ",,,", row(3), row(4), row(5)];
    const text = `\uFEFF${lines.join("\r\n")}\r\n`;
    const { rowCount, chunks } = splitCsvChunks(text, 2);
    const server = parseUsageCsv(text, NOW);
    expect(server.errors).toEqual([]);
    expect(rowCount).toBe(server.rowCount);
    expect(chunks.map((c) => [c.firstRow, c.firstLine, c.rows])).toEqual([
      [1, 2, 2],
      [3, 7, 2],
      [5, 9, 1],
    ]);
    // Each chunk parses on its own to the same events, in order.
    const ids = chunks.flatMap((c) => parseUsageCsv(c.text, NOW).events.map((e) => e.id));
    expect(ids).toEqual(server.events.map((e) => e.id));
    expect(parseUsageCsv(chunks[0].text, NOW).events[1].metadata).toEqual({ a: 1, b: "x" });
    // The server's physical line for row 3 is where the chunk says it starts.
    expect(server.rows.find((r) => r.row === 3)?.line).toBe(chunks[1].firstLine);
  });

  it.each([
    ["", 0],
    ["\n\n", 0],
    [header, 0],
    [`${header}\n${row(1)}`, 1],
  ])("counts rows of %j", (text, n) => {
    expect(splitCsvChunks(text, 5000).rowCount).toBe(n);
  });
});
