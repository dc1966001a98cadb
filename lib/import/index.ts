// `kubeforge import`: typed classes for custom resources, generated from their CustomResourceDefinitions.
export { CustomResource, CustomResourceDefinition, type CustomResourceDefinitionData } from './custom-resource';
export { definitionFrom, ImportError, MAX_DEPTH, readDefinitions, type ImportedDefinition, type ImportedVersion } from './definition';
export { generate, type GeneratedFile, type GenerateOptions } from './generate';
