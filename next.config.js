/**
 * Security headers for what proxy.ts does not see (static files); proxy.ts sets the same ones, plus a per-request
 * CSP nonce, on pages and API responses. Keep in step with lib/security/policy.ts.
 */
const STATIC_FILE_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; frame-ancestors 'none'" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets several builds coexist (parallel work, e2e) without clobbering each other.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Server-only packages with WASM or native pieces stay out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/schema-engine-wasm", "pg", "nodemailer", "smtp-server"],
  experimental: { authInterrupts: true },
  // Types are checked once by `tsc --noEmit` (the first step of npm test), not again inside every build.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico", "/icon.svg", "/robots.txt"].map((source) => ({
      source,
      headers: STATIC_FILE_HEADERS,
    }));
  },
};
export default nextConfig;
