// Entry of the kubeforge program: the environments and the apps rendered in each of them.
// `kubeforge synth` loads the compiled file (.build/apps/main.js); running it directly
// (`npx cdk8s synth` does) renders the same tree.
import { defineProgram, runWhenMain } from '../lib/synth';
import { exampleApps, exampleEnvironments, type Values } from '.';

const program = defineProgram<Values>({ environments: exampleEnvironments, apps: exampleApps });

export default program;

runWhenMain(module, program);
