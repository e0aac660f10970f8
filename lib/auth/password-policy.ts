import { z } from "zod";

/**
 * Minimum strength for a password an operator chooses (the first admin on /setup). Pure, no I/O.
 * Invariants: at least 12 characters and at most 200; not one character repeated or a run of consecutive
 * characters ("aaaaaaaaaaaa", "abcdefghijkl"); not only digits; at least 5 distinct characters; not a well-known
 * password or the demo passwords; not the email address or its local part.
 */
export const MIN_PASSWORD_LENGTH = 12;

const WELL_KNOWN = new Set([
  "password1234",
  "passwordpassword",
  "qwertyuiopas",
  "administrator",
  "letmeinletmein",
  "changemechangeme",
  "spendscope-admin",
  "spendscope-member",
  "spendscope-viewer",
  "spendscopeadmin",
]);

function isSequence(s: string): boolean {
  const codes = [...s].map((c) => c.codePointAt(0)!);
  const step = codes[1] - codes[0];
  return Math.abs(step) <= 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}

/** The problem with a password, or null when it is strong enough. */
export function passwordWeakness(password: string, email = ""): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return "at most 200 characters";
  const lower = password.toLowerCase();
  if (isSequence(lower)) return "not a repeated character or a simple sequence";
  if (/^\d+$/.test(password)) return "not only digits";
  if (new Set(lower).size < 5) return "at least 5 different characters";
  if (WELL_KNOWN.has(lower)) return "not a well-known password";
  const local = email.trim().toLowerCase().split("@")[0];
  if (lower === email.trim().toLowerCase() || (local.length >= 4 && lower.includes(local))) {
    return "must not contain the email address";
  }
  return null;
}

export const FirstAdminInput = z
  .object({
    email: z.string().trim().toLowerCase().email("enter a valid email address").max(200),
    name: z.string().trim().min(1, "enter your name").max(100),
    password: z.string().max(200, "at most 200 characters"),
    confirm: z.string().max(200),
  })
  .superRefine((v, ctx) => {
    const weak = passwordWeakness(v.password, v.email);
    if (weak) ctx.addIssue({ code: "custom", path: ["password"], message: weak });
    else if (v.confirm !== v.password) {
      ctx.addIssue({ code: "custom", path: ["confirm"], message: "does not match the password" });
    }
  });
export type FirstAdminInput = z.infer<typeof FirstAdminInput>;
