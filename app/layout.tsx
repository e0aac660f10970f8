import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Spendscope", template: "%s · Spendscope" },
  description: "Team spend dashboard for AI image and multimodal APIs",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** Rendered per request: each response carries its own CSP nonce (proxy.ts), which Next.js puts on its scripts. */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
