// The native form of the simple reader (lib/native/yaml-to-json.cc): the same subset of YAML read the same
// way, written as JSON that JSON.parse turns into objects several times faster than the JavaScript reader
// builds them. It is built at install when a C++ compiler is there; without it, or with
// KUBEFORGE_NATIVE_YAML=0, the JavaScript readers do everything and give the same values.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

interface NativeYaml {
  /** The documents of a text as JSON (see NativeRead), or undefined where the native reader declines the text. */
  toJson(text: string): string | undefined;
}

export interface NativeRead {
  readonly documents: unknown[];
  /**
   * Four numbers per document: its first line (0-based), the line after its last, and the offsets in the
   * text where those two lines start.
   */
  readonly lines: number[];
}

/** Where the build puts the addon: .build/native/, seen from .build/lib/validate/ (compiled) or lib/validate/ (sources). */
const CANDIDATES = [join(__dirname, '..', '..', 'native'), join(__dirname, '..', '..', '.build', 'native')].map((folder) => join(folder, 'kubeforge_yaml.node'));

function load(): NativeYaml | undefined {
  const file = CANDIDATES.find((candidate) => existsSync(candidate));
  if (process.env.KUBEFORGE_NATIVE_YAML === '0' || file === undefined) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as NativeYaml;
  } catch {
    // Built for another Node.js ABI or platform: the JavaScript readers take over.
    return undefined;
  }
}

const native = load();

export function nativeYamlAvailable(): boolean {
  return native !== undefined;
}

/** Every document of a text with where each was written, or undefined where the native reader declines it (or is not built). */
export function readNativeYamlWithLines(text: string): NativeRead | undefined {
  const json = native?.toJson(text);
  return json === undefined ? undefined : (JSON.parse(json) as NativeRead);
}

/** Every document of a text, or undefined where the native reader declines it (or is not built). */
export function readNativeYaml(text: string): unknown[] | undefined {
  return readNativeYamlWithLines(text)?.documents;
}
