// Public entry of the validator: in-memory objects (synth, tests) and files (the CLI) share one engine.
export type { Finding, Report, ResourceResult, ResourceStatus, Severity, Summary } from './result';
export { exitCodeOf, formatPath, summarize } from './result';
export type { SourcedObject, ValidateOptions } from './engine';
export { validateObjects } from './engine';
