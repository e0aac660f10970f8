/**
 * Runs code inside the request scope Next.js gives a route handler or server action in production (its work and
 * request AsyncLocalStorage stores, built by Next's own factories from the request's headers), so `headers()`,
 * `cookies()`, next-auth's getServerSession, `redirect()`/`forbidden()` and `revalidatePath()` behave as they do
 * behind `next start`. Nothing of ours is mocked: the session is whatever the request's cookie says.
 */
import "./next-globals";
import { NextRequest } from "next/server";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store";
import { createWorkStore } from "next/dist/server/async-storage/work-store";
import { IncrementalCache } from "next/dist/server/lib/incremental-cache";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";

const PREVIEW = { previewModeId: "test", previewModeSigningKey: "test", previewModeEncryptionKey: "test" };

export async function inRequestScope<T>(req: Request, fn: () => Promise<T>): Promise<T> {
  // Headers and URL only: the handler itself reads the body of `req`.
  const nextReq =
    req instanceof NextRequest ? req : new NextRequest(req.url, { method: req.method, headers: req.headers });
  const implicitTags = { tags: [], expirationsByCacheKind: new Map(), revalidatedAt: 0 };
  const tags = implicitTags as never;
  const requestStore = createRequestStoreForAPI(nextReq, nextReq.nextUrl, tags, undefined, undefined, undefined);
  const workStore = createWorkStore({
    page: nextReq.nextUrl.pathname,
    renderOpts: {
      cacheLifeProfiles: {},
      staticPageGenerationTimeout: 60,
      cacheComponents: false,
      validationLevel: "none",
      experimental: { isRoutePPREnabled: false, authInterrupts: true },
      isDraftMode: false,
      supportsDynamicResponse: true,
      // revalidatePath() records its tags here (no cache handler: nothing on disk).
      incrementalCache: new IncrementalCache({
        requestHeaders: {},
        minimalMode: false,
        previewProps: PREVIEW,
        prerenderManifest: { version: 4, routes: {}, dynamicRoutes: {}, notFoundRoutes: [], preview: PREVIEW },
      } as never),
    } as never,
    buildId: "test",
    deploymentId: "",
    previouslyRevalidatedTags: [],
  });
  workStore.forceDynamic = true;
  return workUnitAsyncStorage.run(requestStore, () => workAsyncStorage.run(workStore, fn));
}
