import type { Metadata } from "next";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const callbackUrl = sp.callbackUrl?.startsWith("/") ? sp.callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-blue-600 text-lg font-bold text-white">S</div>
          <h1 className="text-xl font-semibold text-gray-900">Sign in to Spendscope</h1>
          <p className="mt-1 text-sm text-gray-500">Image and multimodal API spend, by team and feature.</p>
        </div>
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
