// Entry of the kubeforge program: the environments and the apps rendered in each of them.
// `kubeforge synth` loads the compiled file (.build/apps/main.js); running it directly
// (`npx cdk8s synth` does) renders the same tree.
import { ApiObject, Chart } from 'cdk8s';
import { defineProgram, type Environment, runWhenMain } from '../lib/synth';
import { environments, type Values } from './environments';

/** A minimal example until the real apps arrive: a static page served by nginx behind a Service. */
function hello(scope: Chart, environment: Environment<Values>): void {
  const labels = { 'app.kubernetes.io/name': 'hello' };
  new ApiObject(scope, 'deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello', labels },
    spec: {
      replicas: environment.values.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: `nginx:${environment.values.imageTag}`,
              ports: [{ name: 'http', containerPort: 80 }],
              resources: { requests: environment.values.requests, limits: { memory: environment.values.requests.memory } },
            },
          ],
        },
      },
    },
  });
  new ApiObject(scope, 'service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'hello', labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
}

const program = defineProgram<Values>({
  environments,
  apps: { hello },
});

export default program;

runWhenMain(module, program);
