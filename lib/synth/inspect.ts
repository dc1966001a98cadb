// A program rendered in memory, for tests: findings and parsed objects per environment and app.
import { parse } from 'yaml';
import { loadSettings, type Settings } from './config';
import type { Program } from './program';
import { formatFindings } from './report';
import { KUSTOMIZATION_FILE, render, type Rendering } from './render';

/** A Kubernetes object as rendered: apiVersion, kind, metadata and the rest of its fields. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [field: string]: any;
}

export interface RenderedProgram {
  /** Findings at error severity: `kubeforge synth` would write nothing. */
  readonly errors: number;
  readonly warnings: number;
  /** Every finding, as `kubeforge synth --verbose` prints them. */
  readonly report: string;
  readonly rendering: Rendering;
  /** The objects of `environment` (only those of `app` when given) in install order, then by name. */
  objects(environment: string, app?: string): RenderedObject[];
}

export interface RenderProgramOptions {
  /** Settings as read from cdk8s.yaml. @default those of cdk8s.yaml in the working folder */
  readonly settings?: Settings;
}

/** Renders and validates `program` in memory, as `kubeforge synth` does, without writing anything. */
export function renderProgram(program: Program<any>, options: RenderProgramOptions = {}): RenderedProgram {
  const settings = options.settings ?? loadSettings(process.cwd());
  const rendering = render(program, { settings, layout: 'files' });
  return {
    errors: rendering.errors,
    warnings: rendering.warnings,
    report: formatFindings(rendering, true),
    rendering,
    objects(environment, app) {
      const prefix = app === undefined ? `${environment}/` : `${environment}/${app}/`;
      return rendering.files
        .filter((file) => file.path.startsWith(prefix) && !file.path.endsWith(`/${KUSTOMIZATION_FILE}`))
        .map((file) => parse(file.content) as RenderedObject);
    },
  };
}
