"use client";

import { useTransition } from "react";
import { revokeKeyAction } from "./actions";

export function RevokeKeyButton({ prefix }: { prefix: string }) {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        if (confirm(`Revoke ${prefix}? Applications using it will get 401.`)) start(() => revokeKeyAction(prefix));
      }}
      className="text-sm text-red-600 hover:underline disabled:opacity-50"
    >
      Revoke
    </button>
  );
}
