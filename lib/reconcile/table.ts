import type { Column, TableModel } from "@/lib/spend/table-model";
import { describeSource } from "./explain";
import type { Reconciliation } from "./service";

/** The reconciliation as a table model: the page renders it and the CSV export writes the same cells. */

export const RECONCILE_COLUMNS: Column[] = [
  { key: "date", label: "Date (UTC)", kind: "date" },
  { key: "projects", label: "OpenAI project", kind: "text" },
  { key: "team", label: "Team", kind: "text", secondary: true },
  { key: "billed", label: "Billed", kind: "money" },
  { key: "tracked", label: "Tracked", kind: "money" },
  { key: "variance", label: "Billed − tracked", kind: "money" },
  { key: "variancePercent", label: "Variance", kind: "percent", hint: "Billed − tracked, in % of billed" },
  { key: "explanation", label: "Explained by", kind: "text", wrap: true },
  { key: "unexplained", label: "Unexplained", kind: "money", wide: true },
  { key: "status", label: "Status", kind: "text", secondary: true },
];

export function reconciliationTable(r: Reconciliation): TableModel {
  return {
    id: "reconciliation",
    title: "Billed versus tracked",
    description: `OpenAI's imported daily costs per project against the spend Spendscope tracked for the project's team (provider openai, UTC days), ${r.from} to ${r.to}.`,
    columns: RECONCILE_COLUMNS,
    rows: r.rows.map((x) => ({
      key: `${x.date}-${x.projects.join(",")}`,
      cells: {
        date: x.date,
        projects: x.projects.join(", "),
        team: x.teamName ?? "(not mapped)",
        billed: x.billed,
        tracked: x.tracked,
        variance: x.variance,
        variancePercent: x.variancePercent,
        explanation: x.sources.map(describeSource).join("; ") || (x.status === "matched" ? "matches" : "—"),
        unexplained: x.unexplained,
        status: x.status,
      },
    })),
    total: r.rows.length
      ? { date: "Total", projects: null, team: null, billed: r.total.billed, tracked: r.total.tracked, variance: r.total.variance, variancePercent: r.total.variancePercent, explanation: null, unexplained: r.total.unexplained, status: null }
      : null,
    sort: null,
    sortPrefix: "",
    emptyText: "No billed costs imported for this range. Import a Costs API export on the Usage page and map its projects to teams.",
  };
}
