import { jsonReporter } from './json';
import { junitReporter } from './junit';
import type { Reporter } from './reporter';
import { sarifReporter } from './sarif';
import { textReporter } from './text';

export type { Reporter } from './reporter';
export { findingLocation, objectLabel, summaryLine } from './reporter';

export const REPORTERS: Record<string, Reporter> = { text: textReporter, json: jsonReporter, junit: junitReporter, sarif: sarifReporter };
