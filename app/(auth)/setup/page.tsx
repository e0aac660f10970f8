import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { needsFirstAdmin } from "@/lib/org/first-admin";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Spendscope" };
export const dynamic = "force-dynamic";

/** First run only: gone (404) as soon as any user exists. */
export default async function SetupPage() {
  if (!(await needsFirstAdmin())) notFound();
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-blue-600 text-lg font-bold text-white">
            S
          </div>
          <h1 className="text-xl font-semibold text-gray-900">Set up Spendscope</h1>
          <p className="mt-1 text-sm text-gray-500">
            This database has no users yet. Create the first administrator; they add everyone else.
          </p>
        </div>
        <SetupForm />
      </div>
    </main>
  );
}
