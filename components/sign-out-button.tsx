"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/sign-in" })} className="text-sm text-gray-500 underline-offset-2 hover:text-gray-900 hover:underline">
      Sign out
    </button>
  );
}
