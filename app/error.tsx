"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect } from "react";

const RETRY_SECONDS = 5;

/**
 * The error boundary of every page: a plain message and an automatic retry instead of a blank page or a stack.
 * Most errors here are a database that went away mid-render (proxy.ts answers later requests with a 503 page
 * until it is back); the message says so without guessing, and the digest ties it to the server log.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  useEffect(() => {
    const t = setTimeout(retry, RETRY_SECONDS * 1000);
    return () => clearTimeout(t);
  });
  return (
    <main
      role="alert"
      className="mx-4 mt-16 max-w-lg rounded-lg border border-gray-200 bg-white p-6 text-gray-900 sm:mx-auto"
    >
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="mt-3 text-sm leading-6 text-gray-700">
        Spendscope could not reach its database or another service it needs. Nothing recorded is lost. Retrying in{" "}
        {RETRY_SECONDS} seconds.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-gray-500">Reference: {error.digest}</p> : null}
      <button
        type="button"
        onClick={retry}
        className="mt-5 rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
      >
        Retry now
      </button>
    </main>
  );
}
