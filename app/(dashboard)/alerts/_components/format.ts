import { formatUsd } from "@/lib/money/decimal";
import { formatImages } from "@/lib/alerts/image-quota";

export { formatUsd };

/** A budget's amount in its unit: dollars, or images for an image quota. */
export function budgetAmount(b: { unit: "usd" | "images" }, v: string): string {
  return b.unit === "images" ? formatImages(v) : formatUsd(v);
}

/** "2026-11-25 14:05" in the organization's zone (pages show local time and say which zone). */
export function formatInstant(iso: string | Date | null | undefined, tz: string): string {
  if (!iso) return "—";
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export const PERIOD_LABELS: Record<string, string> = { day: "Daily", week: "Weekly", month: "Monthly", quarter: "Quarterly" };

export const METRIC_LABELS: Record<string, string> = {
  spend: "Spend",
  forecast: "Forecast",
  spike: "Spike",
  retries: "Retries",
  unpriced: "Unpriced",
  reconciliation: "Billed vs tracked",
};

export function scopeText(s: { team: { name: string } | null; feature: string | null; model: string | null; workflow: string | null }): string {
  const parts = [s.team ? s.team.name : null, s.feature, s.model, s.workflow?.replace(/_/g, " ")].filter(Boolean);
  return parts.length ? parts.join(" · ") : "Whole organization";
}
