/**
 * Where things are in a JSON text, so import errors can name a line: the line on which each element
 * of the top-level "rows" array starts (snapshot JSON) and the line of each top-level key (LiteLLM
 * price map, keyed by model). A small tolerant scanner: it never throws, and on malformed input it
 * reports what it found before the problem.
 */

export interface JsonLocations {
  /** 1-based line where rows[i] starts. */
  rowLines: number[];
  /** Top-level key -> 1-based line of the key (first occurrence). */
  keyLines: Map<string, number>;
}

type Frame = { kind: "obj"; expectKey: boolean; key: string | null; root: boolean } | { kind: "arr"; rows: boolean };

export function locateJson(text: string): JsonLocations {
  const rowLines: number[] = [];
  const keyLines = new Map<string, number>();
  const stack: Frame[] = [];
  let line = 1;
  const top = () => stack[stack.length - 1];
  const valueStarts = () => {
    const t = top();
    if (t?.kind === "arr" && t.rows) rowLines.push(line);
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") {
      line++;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\uFEFF") continue;
    if (ch === '"') {
      const start = line;
      let s = "";
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === "\n") line++;
        if (text[i] === "\\") {
          i++;
          s += text[i] ?? "";
        } else s += text[i];
      }
      const t = top();
      if (t?.kind === "obj" && t.expectKey) {
        t.key = s;
        if (t.root && !keyLines.has(s)) keyLines.set(s, start);
      } else valueStarts();
      continue;
    }
    const t = top();
    switch (ch) {
      case ":":
        if (t?.kind === "obj") t.expectKey = false;
        break;
      case ",":
        if (t?.kind === "obj") t.expectKey = true;
        break;
      case "{":
        valueStarts();
        stack.push({ kind: "obj", expectKey: true, key: null, root: stack.length === 0 });
        break;
      case "[":
        valueStarts();
        stack.push({ kind: "arr", rows: t?.kind === "obj" && t.root && t.key === "rows" });
        break;
      case "}":
      case "]":
        stack.pop();
        break;
      default:
        // A number or literal: one value, skip to its end.
        valueStarts();
        while (i + 1 < text.length && !/[\s,\]}:]/.test(text[i + 1])) i++;
    }
  }
  return { rowLines, keyLines };
}

/** 1-based line of position `pos` in `text`. */
function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(pos, text.length); i++) if (text[i] === "\n") line++;
  return line;
}

/**
 * 1-based line of a JSON.parse error: from "(line N column M)" or "at position N" in its message, else (Node 20
 * often gives neither) from a small strict scan for the first character that cannot continue valid JSON.
 */
export function jsonErrorLine(text: string, message: string): number | undefined {
  const byLine = /line (\d+)/.exec(message);
  if (byLine) return Number(byLine[1]);
  const byPos = /position (\d+)/.exec(message);
  const pos = byPos ? Number(byPos[1]) : firstSyntaxError(text);
  return pos === undefined ? undefined : lineAt(text, pos);
}

/** Position of the first JSON syntax error (the end of the text when it is merely truncated); undefined when valid. */
export function firstSyntaxError(text: string): number | undefined {
  let i = 0;
  class Bad extends Error {}
  const fail = (): never => {
    throw new Bad();
  };
  const ws = () => {
    while (i < text.length && " \t\n\r\uFEFF".includes(text[i])) i++;
  };
  const expect = (ch: string) => (text[i] === ch ? i++ : fail());
  const string = () => {
    expect('"');
    while (i < text.length && text[i] !== '"') {
      if (text[i] < " ") fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    expect('"');
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === "" || m[0] === "-") fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        string();
        ws();
        expect(":");
        value();
        ws();
        if (text[i] === ",") i++;
        else return void expect("}");
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else return void expect("]");
      }
    }
    if (ch === '"') return string();
    for (const lit of ["true", "false", "null"]) if (text.startsWith(lit, i)) return void (i += lit.length);
    number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (e) {
    if (e instanceof Bad) return i;
    throw e;
  }
}
