import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-blue-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-gray-900">You don’t have access to this page</h1>
      <p className="mt-2 text-sm text-gray-500">Ask an administrator if you need it.</p>
      <Link href="/" className="mt-6 text-sm font-medium text-blue-600 hover:underline">Back to the overview</Link>
    </main>
  );
}
