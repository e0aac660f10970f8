/** The dashboard's main pages, in menu order (plain data: the e2e specs import it too). */
export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/teams", label: "Teams" },
  { href: "/features", label: "Features" },
  { href: "/models", label: "Models" },
  { href: "/workflows", label: "Workflows" },
  { href: "/estimate", label: "Estimate" },
  { href: "/pricing", label: "Pricing" },
  { href: "/alerts", label: "Alerts" },
  { href: "/usage", label: "Usage" },
  { href: "/reconciliation", label: "Reconciliation" },
  { href: "/api-docs", label: "API reference" },
  { href: "/admin", label: "Admin", adminOnly: true },
  { href: "/admin/audit", label: "Audit log", adminOnly: true },
  { href: "/settings/digest", label: "Weekly digest" },
] as const;
