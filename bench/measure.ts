// Whole-process measurements: wall time (median of repeated runs) and peak memory of a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
const RSS_PRELOAD = join(REPO, 'bench', 'rss.js');

export interface Measurement {
  readonly label: string;
  /** Median wall time in seconds. */
  readonly seconds: number;
  /** Peak resident memory in MB (largest over the runs). */
  readonly peakMb: number;
  readonly runs: number;
}

/** Runs `node args...` `runs` times; fails loudly when the process fails (a benchmark of a crash is no benchmark). */
export function measureNode(label: string, args: readonly string[], options: { runs?: number; cwd?: string; okCodes?: number[]; env?: NodeJS.ProcessEnv } = {}): Measurement {
  const runs = options.runs ?? 5;
  const folder = mkdtempSync(join(tmpdir(), 'kubeforge-bench-'));
  const rssFile = join(folder, 'rss');
  const times: number[] = [];
  let peak = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, ['--require', RSS_PRELOAD, ...args], {
        cwd: options.cwd ?? REPO,
        env: { ...process.env, ...options.env, KUBEFORGE_BENCH_RSS_FILE: rssFile },
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (!(options.okCodes ?? [0]).includes(child.status ?? -1)) {
        throw new Error(`${label}: exit ${child.status}\n${child.stderr.slice(0, 2000)}`);
      }
      peak = Math.max(peak, Number(readFileSync(rssFile, 'utf8')) / (1024 * 1024));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { label, seconds: times[Math.floor(times.length / 2)], peakMb: peak, runs };
}

export function formatMeasurement(measurement: Measurement): string {
  return `${measurement.label.padEnd(58)} ${measurement.seconds.toFixed(3).padStart(7)} s  ${measurement.peakMb.toFixed(0).padStart(5)} MB`;
}
