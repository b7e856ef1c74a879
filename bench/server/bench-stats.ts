/** Percentiles of a sample in milliseconds (nearest-rank), for the server benchmarks' reports. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summary(samples: readonly number[]): { p50: number; p99: number; n: number } {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

export function machine(): string {
  return `${new Date().toISOString()} · node ${process.version} · ${process.platform}/${process.arch}`;
}
