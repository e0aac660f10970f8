import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/require";
import { isAdmin } from "@/lib/auth/permissions";
import { AlertsTabs } from "./_components/tabs";

export default async function AlertsLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <PageHeader
        title="Budgets & alerts"
        description="Budgets per calendar period in the organization's time zone, rules that watch them, and every message sent. Each threshold mails once per period."
      />
      <AlertsTabs isAdmin={isAdmin(user)} />
      <div className="mt-6">{children}</div>
    </>
  );
}
