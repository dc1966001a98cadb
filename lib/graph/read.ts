// The two inputs of `kubeforge graph`: manifest files read exactly as `kubeforge validate` reads them, or what
// the program synthesizes for one environment (the files synth would write, with the findings synth reports).

import { render, SelectionError, type RenderOptions } from '../synth/render';
import type { Program } from '../synth/program';
import { DELIVERY_FOLDER } from '../synth/program';
import { documentsOf } from '../validate/files';
import type { ResourceResult } from '../validate/result';
import { validatePathsWithObjects, type RunOptions } from '../validate/run';
import { buildGraph, type GraphSubject } from './build';
import { subgraph, type Graph } from './model';

/** The graph of manifest files: validate's reader, schemas and rules, then the links between the objects. */
export async function graphFromPaths(options: RunOptions): Promise<Graph> {
  const { report, objects } = await validatePathsWithObjects({ ...options, checkRules: true });
  const subjects: GraphSubject[] = report.results.map((result, index) => subjectOf(result, objects[index]));
  return buildGraph(subjects, report.kubernetesVersion);
}

function subjectOf(result: ResourceResult, object: Record<string, unknown> | undefined, app?: string): GraphSubject {
  const { apiVersion, kind, name, namespace } = result;
  return { object, identity: { apiVersion, kind, name, namespace }, file: result.file, line: result.line, app, findings: result.findings };
}

export interface SynthGraphOptions extends RenderOptions {
  /** The one environment to draw. */
  readonly environment: string;
}

/**
 * The graph of one environment as synth renders it (nothing written); apps are the folders synth writes. With
 * `apps`, the whole environment is still rendered and checked (as synth sees it), and the graph keeps those apps'
 * objects and whatever they link to.
 */
export function graphFromProgram(program: Program<unknown>, options: SynthGraphOptions): Graph {
  const label = options.outputLabel ?? options.settings.output;
  const rendering = render(program, { ...options, environments: [options.environment], apps: undefined });
  const results = new Map<string, ResourceResult[]>();
  for (const environment of rendering.environments) {
    for (const result of environment.results) {
      const key = `${result.file}\u0000${result.document}`;
      const list = results.get(key);
      if (list === undefined) results.set(key, [result]);
      else list.push(result);
    }
  }
  const subjects: GraphSubject[] = [];
  for (const file of rendering.files) {
    const parts = file.path.split('/');
    // Delivery objects and kustomization files describe the tree, not the cluster's objects.
    if (parts[0] === DELIVERY_FOLDER || file.resources.length === 0) continue;
    const app = parts.length > 2 ? parts[1] : parts[1].replace(/\.yaml$/, '');
    const path = `${label}/${file.path}`;
    documentsOf(file.content).forEach((document, position) => {
      const object = document !== null && typeof document === 'object' && !Array.isArray(document) ? (document as Record<string, unknown>) : undefined;
      const found = results.get(`${path}\u0000${position}`) ?? [];
      subjects.push({ object, file: path, app, findings: found.flatMap((result) => result.findings) });
    });
  }
  const graph = buildGraph(subjects, options.settings.kubernetesVersion);
  const apps = options.apps;
  if (apps === undefined || apps.length === 0) return graph;
  for (const app of apps) {
    if (!graph.nodes.some((node) => node.app === app)) throw new SelectionError(`app "${app}" has no objects in environment "${options.environment}"`);
  }
  return subgraph(graph, (node) => node.state === 'present' && node.app !== undefined && apps.includes(node.app));
}
