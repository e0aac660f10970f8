import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-blue-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-gray-900">Not found</h1>
      <Link href="/" className="mt-6 text-sm font-medium text-blue-600 hover:underline">Back to the overview</Link>
    </main>
  );
}
