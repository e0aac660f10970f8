/** The demo organization: believable teams, their features and the work those features do. */
export const DEMO_ORG = { name: "Northwind Creative", timeZone: "America/New_York" };

export const DEMO_PASSWORDS = {
  admin: { email: "admin@spendscope.local", password: "spendscope-admin", name: "Ada Admin" },
  member: { email: "member@spendscope.local", password: "spendscope-member", name: "Max Member" },
  viewer: { email: "viewer@spendscope.local", password: "spendscope-viewer", name: "Vera Viewer" },
} as const;

export type DemoWorkflow = "text_to_image" | "image_edit" | "vision_analysis" | "analysis_then_generate";

export interface DemoFeature {
  name: string;
  workflow: DemoWorkflow;
  description: string;
  delayable?: boolean;
}

export const DEMO_TEAMS: Array<{ slug: string; name: string; features: DemoFeature[] }> = [
  {
    slug: "creative-studio",
    name: "Creative Studio",
    features: [
      { name: "hero-image-generator", workflow: "text_to_image", description: "Landing-page hero images" },
      { name: "brand-style-transfer", workflow: "image_edit", description: "Apply brand styles to uploads" },
      { name: "ad-variant-renderer", workflow: "text_to_image", description: "Ad creative variants", delayable: true },
      { name: "moodboard-builder", workflow: "text_to_image", description: "Draft moodboards" },
      { name: "logo-refiner", workflow: "image_edit", description: "Logo clean-up with masks" },
    ],
  },
  {
    slug: "growth",
    name: "Growth",
    features: [
      { name: "email-header-art", workflow: "text_to_image", description: "Campaign email headers", delayable: true },
      { name: "social-post-images", workflow: "text_to_image", description: "Social posts" },
      { name: "landing-page-remix", workflow: "analysis_then_generate", description: "Analyze a page, generate a variant" },
      { name: "ab-thumbnail-tester", workflow: "text_to_image", description: "Thumbnail A/B candidates" },
      { name: "seo-alt-text", workflow: "vision_analysis", description: "Alt text for uploaded images", delayable: true },
    ],
  },
  {
    slug: "marketplace",
    name: "Marketplace",
    features: [
      { name: "product-photo-cleanup", workflow: "image_edit", description: "Background removal and relighting" },
      { name: "listing-image-audit", workflow: "vision_analysis", description: "Policy checks on listing photos" },
      { name: "catalog-backfill", workflow: "text_to_image", description: "Nightly catalog renders", delayable: true },
      { name: "lifestyle-scene-composer", workflow: "analysis_then_generate", description: "Place products in scenes" },
      { name: "seller-banner-maker", workflow: "text_to_image", description: "Seller storefront banners" },
    ],
  },
  {
    slug: "support-ai",
    name: "Support AI",
    features: [
      { name: "screenshot-triage", workflow: "vision_analysis", description: "Read customer screenshots" },
      { name: "receipt-reader", workflow: "vision_analysis", description: "Extract receipt fields" },
      { name: "damage-claim-review", workflow: "vision_analysis", description: "Assess damage photos" },
      { name: "help-article-illustrations", workflow: "text_to_image", description: "Article illustrations", delayable: true },
      { name: "ui-bug-repro", workflow: "analysis_then_generate", description: "Annotate and redraw UI bugs" },
    ],
  },
  {
    slug: "mobile",
    name: "Mobile App",
    features: [
      { name: "avatar-creator", workflow: "text_to_image", description: "User avatars" },
      { name: "photo-magic-edit", workflow: "image_edit", description: "In-app photo edits" },
      { name: "sticker-pack", workflow: "text_to_image", description: "Sticker generation" },
      { name: "story-backgrounds", workflow: "text_to_image", description: "Story backgrounds" },
      { name: "pet-portrait", workflow: "analysis_then_generate", description: "Analyze a pet photo, paint a portrait" },
    ],
  },
  {
    slug: "platform",
    name: "Platform",
    features: [
      { name: "eval-harness", workflow: "text_to_image", description: "Nightly quality evals", delayable: true },
      { name: "moderation-scan", workflow: "vision_analysis", description: "Safety scan of generated images" },
      { name: "prompt-lab", workflow: "text_to_image", description: "Internal prompt playground" },
      { name: "image-upscale-experiments", workflow: "image_edit", description: "Upscaling experiments" },
      { name: "model-migration-test", workflow: "text_to_image", description: "gpt-image-2 migration test batch" },
    ],
  },
];
