import type { Metadata } from "next";
import { Card } from "@/components/tremor";
import { requireUserWhere } from "@/lib/auth/require";
import { formChoices } from "@/lib/alerts/service";
import { BudgetForm } from "../../_components/budget-form";

export const metadata: Metadata = { title: "New budget" };

export default async function NewBudgetPage() {
  const user = await requireUserWhere((u) => u.role === "admin" || (u.role === "member" && u.teamIds.length > 0));
  const c = await formChoices(user);
  return (
    <Card>
      <h2 className="mb-4 text-lg font-semibold text-gray-900">New budget</h2>
      <BudgetForm
        id={null}
        initial={{ name: "", period: "month", amount: "", hard: false, team: c.canManageOrgWide ? "" : (c.teams[0]?.slug ?? ""), feature: "", model: "", workflow: "", unit: "usd", imageSize: "", imageQuality: "" }}
        teams={c.teams}
        canManageOrgWide={c.canManageOrgWide}
        features={c.features}
        models={c.models}
      />
    </Card>
  );
}
