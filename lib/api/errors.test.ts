import { describe, expect, it } from "vitest";
import { badRequest, formatPath, tooManyRequests } from "./errors";
import { problemResponse } from "./problem";

describe("problem+json", () => {
  it.each([
    [["events", 3, "usage", "imageOutputTokens"], "events[3].usage.imageOutputTokens"],
    [[0, "id"], "[0].id"],
    [["from"], "from"],
    [[], ""],
  ])("formats path %j as %s", (path, expected) => {
    expect(formatPath(path as PropertyKey[])).toBe(expected);
  });

  it("serializes a validation error with its invalid fields", async () => {
    const res = problemResponse(badRequest("from: invalid date", [{ path: "from", message: "invalid date" }]), "/api/v1/costs");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Invalid request",
      status: 400,
      detail: "from: invalid date",
      instance: "/api/v1/costs",
      invalidFields: [{ path: "from", message: "invalid date" }],
    });
  });

  it("sets Retry-After on 429, rounded up to whole seconds", () => {
    const res = problemResponse(tooManyRequests(1.2));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
  });
});
