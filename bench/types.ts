/** A benchmark: bench/run.ts finds every `bench/*.bench.ts` exporting `bench` and runs it against a fresh database. */
export interface Bench {
  name: string;
  description: string;
  /** Runs against the database in env().DATABASE_URL (fresh, migrated, empty); returns lines to print. */
  run(): Promise<BenchReport>;
}

export interface BenchReport {
  /** Headline figures, e.g. { "events/s": 12000 }. */
  metrics: Record<string, number | string>;
  /** Extra lines worth reading. */
  notes?: string[];
}

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;
