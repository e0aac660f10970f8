import Link from "next/link";
import { Nav } from "@/components/nav";
import { SignOutButton } from "@/components/sign-out-button";
import { requireUser } from "@/lib/auth/require";
import { isAdmin } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-gray-200 bg-white md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:border-b-0 md:border-r">
        <div className="flex items-center justify-between px-4 py-3 md:block md:py-5">
          <Link href="/" className="flex items-center gap-2 font-semibold text-gray-900">
            <span className="flex h-7 w-7 items-center justify-center rounded-md bg-blue-600 text-sm font-bold text-white">S</span>
            Spendscope
          </Link>
        </div>
        <div className="px-2 pb-2 md:pb-0">
          <Nav isAdmin={isAdmin(user)} />
        </div>
        <div className="hidden px-4 py-4 text-xs text-gray-500 md:absolute md:bottom-0 md:block md:w-56">
          <div className="truncate font-medium text-gray-700" data-testid="current-user">{user.name}</div>
          <div className="truncate">{user.email} · {user.role}</div>
          <div className="mt-2"><SignOutButton /></div>
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        <div className="flex items-center justify-end gap-3 border-b border-gray-200 bg-white px-4 py-2 text-xs text-gray-500 md:hidden">
          <span>{user.email} · {user.role}</span>
          <SignOutButton />
        </div>
        <main className="mx-auto max-w-7xl px-4 py-6 md:px-8">{children}</main>
      </div>
    </div>
  );
}
