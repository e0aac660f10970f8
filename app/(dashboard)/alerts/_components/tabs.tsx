"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/alerts", label: "Budgets" },
  { href: "/alerts/rules", label: "Rules" },
  { href: "/alerts/history", label: "History" },
  { href: "/alerts/outbox", label: "Outbox", adminOnly: true },
] as const;

export function AlertsTabs({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Alerts sections" className="-mx-4 overflow-x-auto border-b border-gray-200 px-4 md:mx-0 md:px-0">
      <ul className="flex gap-1">
        {TABS.filter((t) => !("adminOnly" in t) || isAdmin).map((t) => {
          const active = t.href === "/alerts" ? pathname === "/alerts" || pathname.startsWith("/alerts/budgets") : pathname.startsWith(t.href);
          return (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={active ? "page" : undefined}
                className={`inline-block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-blue-600 text-blue-700" : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900"}`}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
