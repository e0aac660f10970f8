/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with WASM or native pieces stay out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/schema-engine-wasm", "pg", "nodemailer", "smtp-server"],
  experimental: { authInterrupts: true },
  typescript: { ignoreBuildErrors: false },
};
export default nextConfig;
