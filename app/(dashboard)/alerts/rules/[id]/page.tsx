import type { Metadata } from "next";
import { Card } from "@/components/tremor";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/require";
import { AppError } from "@/lib/api/errors";
import { budgetChoices, formChoices, getRuleView } from "@/lib/alerts/service";
import { RuleForm } from "../../_components/rule-form";
import { ruleFormValues } from "../../_components/rule-values";

export const metadata: Metadata = { title: "Edit alert rule" };

export default async function EditRulePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const rule = await getRuleView(user, id).catch((e: unknown) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  if (!rule.canManage) forbidden();
  const [c, usable] = await Promise.all([formChoices(user), budgetChoices(user, rule.budget?.id)]);
  return (
    <Card>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold text-gray-900">Edit alert rule</h2>
        <Link href={`/alerts/history?rule=${rule.id}`} className="text-sm text-blue-700 hover:underline">Firing history ({rule.firings})</Link>
      </div>
      <RuleForm
        id={rule.id}
        initial={ruleFormValues(rule)}
        budgets={usable}
        teams={c.teams}
        canManageOrgWide={c.canManageOrgWide}
        features={c.features}
        models={c.models}
      />
    </Card>
  );
}
