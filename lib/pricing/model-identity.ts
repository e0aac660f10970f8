import type { PricingRow } from "@/lib/cost/types";
import { normalizeModelId } from "./match-model";
import { matchRow } from "./resolve";

/**
 * One model identity: the owner of "which model is this?". A model as called ("openai/gpt-image-2",
 * "gpt-image-1.5-2026-05-01", "GPT-Image-1.5") counts under its CANONICAL model: the id of the pricing row it
 * resolves to (exact id, alias or dated variant, as matchRow prices it), lowercased and without a vendor path
 * prefix, so a router's "openai/gpt-image-2" row and OpenAI's own "gpt-image-2" row are one model (the provider
 * stays a dimension of its own). A model no row prices keeps its own name, exactly as called.
 *
 * Invariants:
 * - canonicalModelId depends only on (name as called, priced row id), both stored on every event, so storage can
 *   recompute it without the snapshots (usage_events.model = canonicalModelId(model_as_called, priced_model)).
 * - Idempotent for priced names: the canonical id of a row resolves to the same canonical id again.
 * - Never looser than pricing: "gpt-image-1" never folds "gpt-image-1-mini" (matchRow has no prefix matching).
 */

/** "openai/gpt-image-2" -> "gpt-image-2"; a name without a path (or ending in "/") is returned unchanged. */
export function stripVendorPrefix(id: string): string {
  const rest = id.slice(id.lastIndexOf("/") + 1);
  return rest === "" ? id : rest;
}

/** The canonical model of an event: its priced row's id, normalized; the name as called when no row priced it. */
export function canonicalModelId(asCalled: string, pricedModel: string | null): string {
  if (pricedModel === null || normalizeModelId(pricedModel) === "") return asCalled;
  return stripVendorPrefix(normalizeModelId(pricedModel));
}

/** The canonical model of `asCalled` under one snapshot's rows. */
export function canonicalModel(rows: readonly PricingRow[], asCalled: string): string {
  return canonicalModelId(asCalled, matchRow(rows, asCalled)?.row.model ?? null);
}

/**
 * A name someone typed into a filter, budget, rule or budget-check -> the canonical model it means, given the rows
 * of the published snapshots (all providers, the caller orders them newest first): the first row set that prices
 * the name decides, exactly as ingest would fold it. A name no row prices keeps its own name (an unpriced model).
 */
export function modelNameResolver(rowSets: ReadonlyArray<readonly PricingRow[]>): (name: string) => string {
  const memo = new Map<string, string>();
  return (name) => {
    let out = memo.get(name);
    if (out === undefined) {
      out = name;
      for (const rows of rowSets) {
        const m = matchRow(rows, name);
        if (m) {
          out = canonicalModelId(name, m.row.model);
          break;
        }
      }
      memo.set(name, out);
    }
    return out;
  };
}
