import type { Metadata } from "next";
import { Card } from "@/components/tremor";
import { requireUserWhere } from "@/lib/auth/require";
import { budgetChoices, formChoices } from "@/lib/alerts/service";
import { RuleForm } from "../../_components/rule-form";
import { EMPTY_RULE } from "../../_components/rule-values";

export const metadata: Metadata = { title: "New alert rule" };

export default async function NewRulePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserWhere((u) => u.role === "admin" || (u.role === "member" && u.teamIds.length > 0));
  const sp = await searchParams;
  const [c, usable] = await Promise.all([formChoices(user), budgetChoices(user)]);
  const budgetId = typeof sp.budget === "string" && usable.some((b) => b.id === sp.budget) ? sp.budget : "";
  const preset = usable.find((b) => b.id === budgetId);
  return (
    <Card>
      <h2 className="mb-4 text-lg font-semibold text-gray-900">New alert rule</h2>
      <RuleForm
        id={null}
        initial={{ ...EMPTY_RULE, budgetId, name: preset ? `${preset.name} alerts` : "", team: c.canManageOrgWide ? "" : (c.teams[0]?.slug ?? "") }}
        budgets={usable}
        teams={c.teams}
        canManageOrgWide={c.canManageOrgWide}
        features={c.features}
        models={c.models}
      />
    </Card>
  );
}
