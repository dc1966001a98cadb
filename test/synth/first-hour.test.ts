// The mistakes of a first hour with kubeforge: each is reported once, at synth, with the construct, the field and the fix.
import type { Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ConfigMap, CronJob, defineProgram, Deployment, EnvValue, Probe, renderProgram, Secret } from '../../lib';
import { settingsFrom } from '../../lib/synth';
import { distinctErrors, formatFindings, summaryLines } from '../../lib/synth/report';

const settings = settingsFrom({});

function render(build: (scope: Chart) => void) {
  return renderProgram(defineProgram({ environments: { dev: {} }, apps: { hello: build } }), { settings });
}

/** Findings at error severity as `rule field`, and every finding's text. */
function errorsOf(build: (scope: Chart) => void): { errors: string[]; report: string } {
  const rendered = render(build);
  const errors = rendered.rendering.environments.flatMap((environment) =>
    environment.results.flatMap((result) => result.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.rule} ${finding.path}`)),
  );
  return { errors, report: rendered.report };
}

const probed = { ports: [{ name: 'http', number: 8080 }], liveness: Probe.http('/', 'http'), readiness: Probe.http('/', 'http') };

describe('one finding per mistake', () => {
  it('fails once when a probe names a port the container does not declare', () => {
    const { errors, report } = errorsOf((scope) => {
      new Deployment(scope, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ name: 'http', number: 8080 }], readiness: Probe.http('/', 'htp') }] });
    });
    expect(errors).toEqual(['construct-validation spec.template.spec.containers[0].readinessProbe']);
    expect(report).toContain('fix: Add a port named "htp" to the container or probe a port number');
  });

  it('fails once when a Service targets a port no container declares', () => {
    const { errors } = errorsOf((scope) => {
      new Deployment(scope, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ name: 'http', number: 8080 }], ...probed }] }).exposeViaService({ ports: [{ port: 80, targetPort: 'htp' }] });
    });
    expect(errors).toEqual(['construct-validation spec.ports[0].targetPort']);
  });

  it('fails once on a name that is not DNS-1123, an invalid cron schedule and an untagged image', () => {
    expect(errorsOf((scope) => void new Deployment(scope, 'web', { name: 'Web', containers: [{ name: 'web', image: 'nginx:1.27', ...probed }] })).errors).toEqual(['construct-validation metadata.name']);
    expect(errorsOf((scope) => void new CronJob(scope, 'nightly', { schedule: '0 25 * * *', containers: [{ image: 'trainer:1.0' }] })).errors).toEqual(['construct-validation spec.schedule']);
    const untagged = errorsOf((scope) => void new Deployment(scope, 'web', { containers: [{ image: 'nginx', ...probed }] }));
    expect(untagged.errors).toEqual(['construct-validation spec.template.spec.containers[0].image']);
    expect(untagged.report).not.toContain('[image-tag-latest]');
  });

  it('fails when an environment variable reads a key its ConfigMap or Secret of the program lacks, naming the keys it has', () => {
    const { errors, report } = errorsOf((scope) => {
      const config = new ConfigMap(scope, 'config', { data: { MODEL_NAME: 'resnet' } });
      const token = new Secret(scope, 'token', { stringData: { TOKEN: 'x' }, allowPlainData: true });
      new Deployment(scope, 'web', {
        containers: [{ image: 'nginx:1.27', ...probed, ports: [{ name: 'http', number: 8080 }], env: { MODEL: EnvValue.fromConfigMap(config, 'MODEL'), KEY: EnvValue.fromSecret(token, 'KEY'), OPTIONAL: EnvValue.fromConfigMap(config, 'NOPE', { optional: true }) } }],
      });
    });
    expect(errors).toEqual(['construct-validation spec.template.spec.containers[0].env[0].valueFrom', 'construct-validation spec.template.spec.containers[0].env[1].valueFrom']);
    expect(report).toContain('environment variable MODEL reads key "MODEL" of ConfigMap "config", which has only "MODEL_NAME"');
  });

  it('passes when the key exists, and for a ConfigMap known only by name', () => {
    const { errors } = errorsOf((scope) => {
      const config = new ConfigMap(scope, 'config', { data: { MODEL: 'resnet' } });
      new Deployment(scope, 'web', { containers: [{ image: 'nginx:1.27', ...probed, ports: [{ name: 'http', number: 8080 }], env: { MODEL: EnvValue.fromConfigMap(config, 'MODEL'), OTHER: EnvValue.fromConfigMap(ConfigMap.fromName('external'), 'ANY') } }] });
    });
    expect(errors.filter((error) => error.startsWith('construct-validation'))).toEqual([]);
  });
});

describe('messages of a failed synth', () => {
  it('count a mistake in an app rendered for two environments once, naming both', () => {
    const program = defineProgram({
      environments: { dev: {}, prod: {} },
      apps: { hello: (scope) => void new CronJob(scope, 'nightly', { schedule: '0 25 * * *', containers: [{ image: 'trainer:1.0' }] }) },
    });
    const rendered = renderProgram(program, { settings });
    expect(rendered.errors).toBe(2);
    expect(distinctErrors(rendered.rendering)).toBe(1);
    expect(formatFindings(rendered.rendering)).toMatch(/^error: dev, prod: CronJob\/nightly \(construct hello\/nightly\): spec\.schedule: /m);
  });

  it('name the line of the app that threw, and no output folder', () => {
    const { errors, report } = errorsOf(() => {
      throw new Error('values.replicas is undefined');
    });
    expect(errors).toEqual(['app-build ']);
    expect(report).toMatch(/app "hello" failed to build: values\.replicas is undefined \(thrown at test\/synth\/first-hour\.test\.ts:\d+:\d+\)/);
    expect(report).not.toContain('dist/');
  });
});

describe('the default policy', () => {
  it('passes its own security rules', () => {
    const rendered = render((scope) => void new Deployment(scope, 'web', { containers: [{ image: 'nginx:1.27', ...probed, ports: [{ name: 'http', number: 8080 }], securityContext: { runAsUser: 101 } }] }));
    expect(rendered.report).not.toMatch(/\[(read-only-root-fs|run-as-root|privilege-escalation)\]/);
    expect(rendered.errors + rendered.warnings, rendered.report).toBe(0);
  });

  it('notes, after the summary, how to run an image as root when a container runs as non-root with no user', () => {
    const rendered = render((scope) => void new Deployment(scope, 'redis', { containers: [{ image: 'redis:7.4', ...probed, ports: [{ name: 'http', number: 6379 }] }] }));
    const summary = summaryLines(rendered.rendering, undefined, false);
    expect(summary).toContain('note: hello/redis (container redis) must run as non-root');
    expect(summary).toContain('securityContext: { runAsNonRoot: false }');
    const withUser = render((scope) => void new Deployment(scope, 'redis', { containers: [{ image: 'redis:7.4', ...probed, securityContext: { runAsUser: 999 } }] }));
    expect(summaryLines(withUser.rendering, undefined, false)).not.toContain('note:');
  });
});

describe('program declarations', () => {
  it('refuses an app named platform and a program without apps', () => {
    expect(() => defineProgram({ environments: { dev: {} }, apps: { platform: () => undefined } })).toThrow('app "platform": the name is reserved');
    expect(() => defineProgram({ environments: { dev: {} }, apps: {} })).toThrow('the program declares no apps');
  });

  it('counts the user apps, not the platform folder', () => {
    const rendered = render((scope) => void new ConfigMap(scope, 'config', { data: { A: 'b' } }));
    expect(summaryLines(rendered.rendering, undefined, false)).toMatch(/^dev: 1 app, 2 objects/);
  });
});
