// Whole-process measurements: wall time (median of repeated runs) and peak memory of a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
const RSS_PRELOAD = join(REPO, 'bench', 'rss.js');

export interface Measurement {
  readonly label: string;
  /** Median wall time in seconds. */
  readonly seconds: number;
  /** Peak resident memory in MB, 10^6 bytes (largest over the runs). */
  readonly peakMb: number;
  readonly runs: number;
}

export interface NodeRunOptions {
  /** A program other than node (a peer), run directly; its peak memory is read with /usr/bin/time when present. */
  readonly program?: string;
  readonly cwd?: string;
  readonly okCodes?: number[];
  readonly env?: NodeJS.ProcessEnv;
  /** Send standard output nowhere (a report of hundreds of MB would overflow a captured buffer). */
  readonly discardOutput?: boolean;
}

const TIME = '/usr/bin/time';

/** One run of `node args...` (or of `options.program`): wall seconds and peak resident MB; fails loudly when the process fails. */
function runOnce(label: string, args: readonly string[], rssFile: string, options: NodeRunOptions): { seconds: number; peakMb: number } {
  // GNU time's %M is the peak resident set in KiB; it costs a fork, the same for every round.
  const timed = options.program !== undefined && existsSync(TIME);
  const [command, commandArgs] = options.program === undefined
    ? [process.execPath, ['--require', RSS_PRELOAD, ...args]]
    : timed ? [TIME, ['-o', rssFile, '-f', '%M', options.program, ...args]] : [options.program, [...args]];
  writeFileSync(rssFile, '0');
  const start = process.hrtime.bigint();
  const child = spawnSync(command, commandArgs, {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env, KUBEFORGE_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', options.discardOutput ? 'ignore' : 'pipe', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!(options.okCodes ?? [0]).includes(child.status ?? -1)) {
    throw new Error(`${label}: exit ${child.status}\n${child.stderr.slice(0, 2000)}`);
  }
  const peak = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  // Decimal megabytes, as targets are written (bytes from the preload, KiB from GNU time).
  return { seconds, peakMb: options.program === undefined ? peak / 1e6 : (peak * 1024) / 1e6 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `node args...` `runs` times (a benchmark of a crash is no benchmark: a failed run throws). */
export function measureNode(label: string, args: readonly string[], options: NodeRunOptions & { runs?: number } = {}): Measurement {
  return measureInterleaved([{ label, args, options }], options.runs ?? 5).measurements[0];
}

export interface InterleavedRuns {
  readonly measurements: Measurement[];
  /** Per round, the wall seconds of each command, in the order given. */
  readonly rounds: number[][];
}

/**
 * Runs several commands in rounds (each command once per round, in turn), so that a slow spell of a shared machine
 * weighs on all of them alike; ratios between commands are best taken per round (see `rounds`).
 */
export function measureInterleaved(commands: readonly { label: string; args: readonly string[]; options?: NodeRunOptions }[], runs: number): InterleavedRuns {
  const folder = mkdtempSync(join(tmpdir(), 'kubeforge-bench-'));
  const rssFile = join(folder, 'rss');
  const rounds: number[][] = [];
  const peaks = commands.map(() => 0);
  try {
    for (let round = 0; round < runs; round++) {
      rounds.push(commands.map((command, index) => {
        const { seconds, peakMb } = runOnce(command.label, command.args, rssFile, command.options ?? {});
        peaks[index] = Math.max(peaks[index], peakMb);
        return seconds;
      }));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const measurements = commands.map((command, index) => ({
    label: command.label,
    seconds: median(rounds.map((times) => times[index])),
    peakMb: peaks[index],
    runs,
  }));
  return { measurements, rounds };
}

export function formatMeasurement(measurement: Measurement): string {
  return `${measurement.label.padEnd(58)} ${measurement.seconds.toFixed(3).padStart(7)} s  ${measurement.peakMb.toFixed(0).padStart(5)} MB`;
}
