// Entry of the kubeforge program: the environments and the apps rendered in each of them.
// `kubeforge synth` loads the compiled file (.build/apps/main.js); running it directly renders the same tree.
import { defineProgram } from '../lib';
import { exampleApps, exampleEnvironments, type Values } from '.';

export default defineProgram<Values>({ environments: exampleEnvironments, apps: exampleApps });
