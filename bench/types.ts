/** A benchmark: bench/run.ts finds every `bench/*.bench.ts` exporting `bench` and runs it against a fresh database. */
export interface Bench {
  name: string;
  description: string;
  /** Runs against the database in env().DATABASE_URL (fresh, migrated, holding the datasets); returns figures. */
  run(ctx: BenchContext): Promise<Figure[]>;
}

export type Shape = "dense" | "sparse";

export interface BenchContext {
  /** Events per dataset (--events). */
  events: number;
  /** One organization per shape, already filled (bench/dataset.ts). */
  datasets: Record<Shape, DatasetInfo>;
  databaseUrl: string;
  /** Progress lines (stderr), not results. */
  log(line: string): void;
}

export interface DatasetInfo {
  shape: Shape;
  orgId: string;
  events: number;
  teams: number;
  features: number;
  models: number;
  /** The dataset's last day (YYYY-MM-DD, UTC) and the instant the pages treat as "now". */
  lastDay: string;
  now: Date;
  /** Rollup rows per table after the rebuild (whatever grains exist). */
  rollupRows: Record<string, number>;
  buildMs: number;
}

/** A target on the figure itself ("p95 < 100 ms") or on its ratio to the baseline ("≥ 20× faster"). */
export interface Target {
  on: "value" | "ratio";
  op: "<" | ">=";
  value: number;
  label: string;
}

export interface Figure {
  /** e.g. "sparse · page /teams · loaders p95". */
  name: string;
  value: number;
  unit: string;
  /** The same work done the baseline way, in the same run. */
  baseline?: { name: string; value: number };
  /** value vs baseline as the target reads it: baseline/value for times ("× faster"), value/baseline for rates. */
  ratio?: number;
  targets?: Target[];
  note?: string;
}

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;

/** Percentile (nearest rank) of a sample. */
export function percentile(sample: readonly number[], p: number): number {
  const s = [...sample].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Runs `fn` once to warm up, then `runs` times; returns the durations (ms). */
export async function sampleMs(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(since(t));
  }
  return out;
}

export function met(f: Figure, t: Target): boolean {
  const x = t.on === "value" ? f.value : (f.ratio ?? Number.NaN);
  return t.op === "<" ? x < t.value : x >= t.value;
}
