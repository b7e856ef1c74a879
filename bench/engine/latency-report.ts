import { fmt, percentile } from './chromium-bench.ts';

/**
 * Prints a P3 result: the crowd's percentiles against the goal, and the two baselines measured in
 * the same run (one device pair before the crowd connects, and a client polling every 30 s).
 */
export function printLatency(title: string, crowd: readonly number[], pair: readonly number[]): void {
  const crowdP50 = percentile(crowd, 50);
  const pairP50 = percentile(pair, 50);
  console.log(title);
  console.log(
    `   p50 ${fmt(crowdP50)} ms, p99 ${fmt(percentile(crowd, 99))} ms, max ${fmt(Math.max(...crowd))} ms over ${crowd.length} deliveries (goal p50 < 100, p99 < 300)`,
  );
  console.log(
    `   baseline, one pair before the others connect: p50 ${fmt(pairP50)} ms, p99 ${fmt(percentile(pair, 99))} ms; ratio crowd/pair p50 = ${fmt(crowdP50 / pairP50, 2)}`,
  );
  console.log(
    `   baseline, polling every 30 s without pokes: expected wait 15,000 ms; ratio = ${fmt(15_000 / crowdP50, 0)}x faster`,
  );
}
