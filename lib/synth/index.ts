// Public entry of the synth step: the program model, the programmatic synth, and its building blocks.
export type { AppBuilder, AppOptions, BuiltEnvironment, Environment, Program, ResolvedApp } from './program';
export { appsOf, buildEnvironment, defineProgram, DELIVERY_FOLDER, environmentOf, PLATFORM_APP } from './program';
export type { ArgoCdSettings, FluxSettings, Layout, Settings } from './config';
export { ConfigError, CONFIG_FILE, loadSettings, resolveEntry, settingsFrom } from './config';
export type { EnvironmentOutcome, RenderedFile, Rendering, RenderOptions, ResourceIdentity, Selection } from './render';
export { fileName, KUSTOMIZATION_FILE, render, SelectionError } from './render';
export type { ChangeStatus, TreeChange, TreePlan } from './tree';
export { MARKER_FILE, OwnershipError, planTree, writeTree } from './tree';
export type { ResourceDiff } from './diff';
export { resourceDiffs } from './diff';
export type { Synthesis, SynthesizeOptions } from './synthesize';
export { synthesize } from './synthesize';
export { loadProgram } from './load';
export { emitDocument, emitDocuments } from './yaml-emit';
export { canonicalQuantity } from './quantity';
export { CHECKSUM_PREFIX } from './checksum';
export { checkAcrossResources } from './gate';
