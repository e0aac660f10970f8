import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { needsFirstAdmin } from "@/lib/org/first-admin";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** A database with no user yet cannot sign anyone in: send the operator to the first-run setup. */
async function firstRun(): Promise<boolean> {
  return needsFirstAdmin().catch(() => false);
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  if (await firstRun()) redirect("/setup");
  const callbackUrl = sp.callbackUrl?.startsWith("/") && !sp.callbackUrl.startsWith("//") ? sp.callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-blue-600 text-lg font-bold text-white">S</div>
          <h1 className="text-xl font-semibold text-gray-900">Sign in to Spendscope</h1>
          <p className="mt-1 text-sm text-gray-500">Image and multimodal API spend, by team and feature.</p>
        </div>
        {sp.setup === "done" ? (
          <p role="status" data-testid="setup-done" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
            Administrator created. Sign in with the email and password you chose.
          </p>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
