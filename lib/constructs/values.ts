// Value types for the fields where a raw string invites mistakes: CPU, byte sizes, percent-or-absolute, durations.
// Each renders in the API server's canonical form, so committed manifests never churn on equivalent spellings.
import { Duration } from 'cdk8s';
import type { IntOrString } from '../k8s';

export { Duration };

/** An amount of CPU, held in millicores. */
export class Cpu {
  /** `Cpu.millis(250)` is a quarter of a core. */
  static millis(millicores: number): Cpu {
    if (!Number.isInteger(millicores) || millicores <= 0) {
      throw new RangeError(`CPU must be a positive whole number of millicores, got ${millicores}`);
    }
    return new Cpu(millicores);
  }

  /** `Cpu.cores(0.5)` is 500 millicores; finer than a millicore is refused. */
  static cores(cores: number): Cpu {
    const millicores = Math.round(cores * 1000);
    if (Math.abs(millicores - cores * 1000) > 1e-9) throw new RangeError(`CPU ${cores} is finer than one millicore`);
    return Cpu.millis(millicores);
  }

  /** Parses a Kubernetes CPU quantity such as `250m`, `0.5` or `2`. */
  static parse(text: string): Cpu {
    const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(text);
    if (!match) throw new RangeError(`"${text}" is not a CPU quantity; write e.g. "250m" or "2"`);
    return match[2] === 'm' ? Cpu.millis(Number(match[1])) : Cpu.cores(Number(match[1]));
  }

  private constructor(readonly millicores: number) {}

  /** Canonical quantity: whole cores as `2`, anything else in millicores as `1500m`. */
  toQuantity(): string {
    return this.millicores % 1000 === 0 ? String(this.millicores / 1000) : `${this.millicores}m`;
  }

  toString(): string {
    return this.toQuantity();
  }
}

const BINARY_SUFFIXES: readonly [string, number][] = [
  ['Pi', 1024 ** 5],
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
];
const DECIMAL_SUFFIXES: readonly [string, number][] = [
  ['P', 1e15],
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
];

/** An amount of memory or storage, held in bytes, remembering whether it was given in binary or decimal units. */
export class ByteSize {
  static bytes(bytes: number): ByteSize {
    return ByteSize.of(bytes, 'bytes', false);
  }
  static kibibytes(amount: number): ByteSize {
    return ByteSize.of(amount * 1024, `${amount}Ki`, true);
  }
  static mebibytes(amount: number): ByteSize {
    return ByteSize.of(amount * 1024 ** 2, `${amount}Mi`, true);
  }
  static gibibytes(amount: number): ByteSize {
    return ByteSize.of(amount * 1024 ** 3, `${amount}Gi`, true);
  }
  static tebibytes(amount: number): ByteSize {
    return ByteSize.of(amount * 1024 ** 4, `${amount}Ti`, true);
  }
  static megabytes(amount: number): ByteSize {
    return ByteSize.of(amount * 1e6, `${amount}M`, false);
  }
  static gigabytes(amount: number): ByteSize {
    return ByteSize.of(amount * 1e9, `${amount}G`, false);
  }

  /** Parses a Kubernetes byte quantity such as `512Mi`, `1G` or `1048576`. */
  static parse(text: string): ByteSize {
    const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(text);
    if (!match) throw new RangeError(`"${text}" is not a byte quantity; write e.g. "512Mi" or "1G"`);
    const suffix = match[2];
    const binary = BINARY_SUFFIXES.find(([name]) => name === suffix);
    const decimal = DECIMAL_SUFFIXES.find(([name]) => name === suffix);
    const unit = binary?.[1] ?? decimal?.[1] ?? 1;
    return ByteSize.of(Number(match[1]) * unit, text, binary !== undefined);
  }

  private static of(bytes: number, spelling: string, binary: boolean): ByteSize {
    if (!Number.isSafeInteger(bytes) || bytes <= 0) {
      throw new RangeError(`${spelling} is not a positive whole number of bytes`);
    }
    return new ByteSize(bytes, binary);
  }

  private constructor(
    readonly bytes: number,
    private readonly binary: boolean,
  ) {}

  /** Canonical quantity: the largest unit of the same family that divides the size exactly (`1Gi`, `1500M`). */
  toQuantity(): string {
    for (const [suffix, unit] of this.binary ? BINARY_SUFFIXES : DECIMAL_SUFFIXES) {
      if (this.bytes % unit === 0) return `${this.bytes / unit}${suffix}`;
    }
    return String(this.bytes);
  }

  toString(): string {
    return this.toQuantity();
  }
}

/** A count that is either absolute (`3`) or a percentage of a total (`25%`), as maxSurge or minAvailable take. */
export class PercentOrAbsolute {
  static percent(percent: number): PercentOrAbsolute {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw new RangeError(`a percentage must be a whole number from 0 to 100, got ${percent}`);
    }
    return new PercentOrAbsolute(percent, true);
  }

  static absolute(count: number): PercentOrAbsolute {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`a count must be a whole number of 0 or more, got ${count}`);
    return new PercentOrAbsolute(count, false);
  }

  private constructor(
    readonly value: number,
    readonly isPercent: boolean,
  ) {}

  toIntOrString(): IntOrString {
    return this.isPercent ? `${this.value}%` : this.value;
  }

  toString(): string {
    return String(this.toIntOrString());
  }
}

/** Whole seconds of a duration, for the many `...Seconds` fields. */
export function wholeSeconds(duration: Duration): number {
  return duration.toSeconds({ integral: true });
}
