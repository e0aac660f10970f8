/**
 * The access policy of every dashboard page (app/(dashboard)/**\/page.tsx), as data. The integration matrix checks
 * this list against the file system; test/system/access-pages.test.ts requests each page over HTTP from the
 * production build as every principal. Grants as in test/integration/access-policy.ts; pages take no keys (a
 * request with only a bearer key is anonymous to a page).
 */
export type PageGrant = "any-signed-in" | "editor" | "member-of-team" | "admin";

/** What a page path may point at: rows the alpha team owns. */
export interface PageTargets {
  alphaBudgetId: string;
  alphaRuleId: string;
  alphaEstimateId: string;
  snapshotId: string;
}

export interface PageCase {
  /** Relative to app/. */
  file: string;
  grants: PageGrant[];
  path: (t: PageTargets) => string;
}

const ANY: PageGrant[] = ["any-signed-in"];
const at = (p: string) => () => p;

export const PAGE_CASES: PageCase[] = [
  { file: "(dashboard)/page.tsx", grants: ANY, path: at("/") },
  { file: "(dashboard)/admin/page.tsx", grants: ["admin"], path: at("/admin") },
  { file: "(dashboard)/admin/audit/page.tsx", grants: ["admin"], path: at("/admin/audit?entityType=budget") },
  { file: "(dashboard)/alerts/page.tsx", grants: ANY, path: at("/alerts") },
  { file: "(dashboard)/alerts/history/page.tsx", grants: ANY, path: at("/alerts/history") },
  { file: "(dashboard)/alerts/outbox/page.tsx", grants: ["admin"], path: at("/alerts/outbox") },
  { file: "(dashboard)/alerts/budgets/new/page.tsx", grants: ["editor"], path: at("/alerts/budgets/new") },
  {
    file: "(dashboard)/alerts/budgets/[id]/page.tsx",
    grants: ["member-of-team"],
    path: (t) => `/alerts/budgets/${t.alphaBudgetId}`,
  },
  { file: "(dashboard)/alerts/rules/page.tsx", grants: ANY, path: at("/alerts/rules") },
  { file: "(dashboard)/alerts/rules/new/page.tsx", grants: ["editor"], path: at("/alerts/rules/new") },
  {
    file: "(dashboard)/alerts/rules/[id]/page.tsx",
    grants: ["member-of-team"],
    path: (t) => `/alerts/rules/${t.alphaRuleId}`,
  },
  { file: "(dashboard)/api-docs/page.tsx", grants: ANY, path: at("/api-docs") },
  { file: "(dashboard)/estimate/page.tsx", grants: ANY, path: at("/estimate") },
  { file: "(dashboard)/estimate/[id]/page.tsx", grants: ANY, path: (t) => `/estimate/${t.alphaEstimateId}` },
  { file: "(dashboard)/features/page.tsx", grants: ANY, path: at("/features") },
  { file: "(dashboard)/features/[slug]/page.tsx", grants: ANY, path: at("/features/alpha-open-feature") },
  { file: "(dashboard)/models/page.tsx", grants: ANY, path: at("/models") },
  { file: "(dashboard)/models/[slug]/page.tsx", grants: ANY, path: at("/models/gpt-image-2") },
  { file: "(dashboard)/pricing/page.tsx", grants: ANY, path: at("/pricing") },
  { file: "(dashboard)/pricing/[id]/page.tsx", grants: ANY, path: (t) => `/pricing/${t.snapshotId}` },
  { file: "(dashboard)/pricing/[id]/edit/page.tsx", grants: ["admin"], path: (t) => `/pricing/${t.snapshotId}/edit` },
  {
    file: "(dashboard)/pricing/diff/page.tsx",
    grants: ANY,
    path: (t) => `/pricing/diff?a=${t.snapshotId}&b=${t.snapshotId}`,
  },
  { file: "(dashboard)/pricing/import/page.tsx", grants: ["admin"], path: at("/pricing/import") },
  { file: "(dashboard)/reconciliation/page.tsx", grants: ANY, path: at("/reconciliation") },
  { file: "(dashboard)/teams/page.tsx", grants: ANY, path: at("/teams") },
  { file: "(dashboard)/teams/[slug]/page.tsx", grants: ANY, path: at("/teams/alpha") },
  { file: "(dashboard)/usage/page.tsx", grants: ANY, path: at("/usage") },
  { file: "(dashboard)/workflows/page.tsx", grants: ANY, path: at("/workflows") },
  { file: "(dashboard)/workflows/[slug]/page.tsx", grants: ANY, path: at("/workflows/text_to_image") },
  { file: "(dashboard)/settings/digest/page.tsx", grants: ANY, path: at("/settings/digest") },
];
