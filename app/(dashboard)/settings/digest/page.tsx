import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/require";
import { getDigestSettings, previewDigest } from "@/lib/digest/service";
import { mailBodyFragment } from "@/lib/digest/template";
import { DigestForm } from "./digest-form";

export const metadata: Metadata = { title: "Weekly digest" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DigestSettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const settings = await getDigestSettings(user);
  const sp = await searchParams;
  const wanted = typeof sp.preview === "string" ? sp.preview : undefined;
  const team = settings.teams.find((t) => t.slug === wanted) ?? settings.teams.find((t) => t.subscribed) ?? settings.teams[0];
  const preview = team ? await previewDigest(user, team.slug) : null;
  const next = new Date(settings.nextSendAt);
  return (
    <>
      <PageHeader
        title="Weekly digest"
        description={`A mail every Monday at 08:00 (${settings.timeZone}) per team you choose: last week's spend against the week before, the biggest movers, budgets, unpriced and warning events, and cost per accepted output.`}
      />
      <div className="grid grid-cols-1 gap-6 [&>*]:min-w-0">
        <Card>
          <h2 className="text-base font-semibold text-gray-900">Send me the digest of</h2>
          <p className="mt-1 text-sm text-gray-500">
            Mail goes to {user.email}. Next one: {next.toISOString().slice(0, 16).replace("T", " ")} UTC.
          </p>
          <DigestForm teams={settings.teams} />
        </Card>
        {preview && team ? (
          <Card>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
              <h2 className="text-base font-semibold text-gray-900">Preview: {team.name}, week {preview.week.weekStart} to {preview.week.weekEnd}</h2>
              <nav aria-label="Preview team" className="flex flex-wrap gap-2 text-sm">
                {settings.teams.map((t) => (
                  <Link key={t.slug} href={`/settings/digest?preview=${encodeURIComponent(t.slug)}`} className={t.slug === team.slug ? "font-semibold text-gray-900" : "text-blue-600 hover:underline"}>
                    {t.name}
                  </Link>
                ))}
              </nav>
            </div>
            <p className="mt-2 text-sm text-gray-700" data-testid="digest-subject">Subject: {preview.mail.subject}</p>
            <div data-testid="digest-preview" className="mt-3 overflow-x-auto rounded-md border border-gray-200" dangerouslySetInnerHTML={{ __html: mailBodyFragment(preview.mail.html) }} />
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-gray-600">Plain-text part</summary>
              <pre data-testid="digest-text" className="mt-2 overflow-x-auto whitespace-pre-wrap rounded-md bg-gray-50 p-3 text-xs">{preview.mail.text}</pre>
            </details>
          </Card>
        ) : null}
      </div>
    </>
  );
}
