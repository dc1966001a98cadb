import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Deployment, Ingress, Service } from '../../lib';
import { find, newChart, problemsOf, synth } from './helpers';

function webDeployment(chart: any) {
  return new Deployment(chart, 'web', {
    containers: [{ image: 'web:1', ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }] }],
  });
}

describe('Service', () => {
  it('infers ports and selector from a workload, with the workload identity', () => {
    const chart = newChart();
    webDeployment(chart).exposeViaService();
    const service = find(synth(chart), 'Service');
    expect(service.metadata.name).toBe('web');
    expect(service.metadata.labels['app.kubernetes.io/instance']).toBe('web');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' },
      ports: [
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      ],
    });
  });

  it('exposes one workload through two Services with different names', () => {
    const chart = newChart();
    const web = webDeployment(chart);
    web.exposeViaService({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    web.exposeViaService({ name: 'web-public', type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 443, targetPort: 8080, nodePort: 30443 }] });
    const objects = synth(chart);
    expect(find(objects, 'Service', 'web').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(find(objects, 'Service', 'web-public').spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(() => web.exposeViaService()).toThrow(/a Service named "web" already exists; pass another `name`/);
  });

  it('renders NodePort, headless and ExternalName Services and traffic settings', () => {
    const chart = newChart();
    const web = webDeployment(chart);
    new Service(chart, 'node', { type: 'NodePort', selector: web, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080, appProtocol: 'http' }], sessionAffinity: 'ClientIP', sessionAffinityTimeout: Duration.minutes(10), internalTrafficPolicy: 'Local', ipFamilyPolicy: 'PreferDualStack', externalIPs: ['203.0.113.10'] });
    new Service(chart, 'peers', { headless: true, selector: { app: 'db' } });
    new Service(chart, 'payments', { type: 'ExternalName', externalName: 'payments.example.com' });
    const objects = synth(chart);
    expect(find(objects, 'Service', 'node').spec).toMatchObject({
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080, appProtocol: 'http', protocol: 'TCP' }],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      internalTrafficPolicy: 'Local',
      ipFamilyPolicy: 'PreferDualStack',
      externalIPs: ['203.0.113.10'],
    });
    expect(find(objects, 'Service', 'peers').spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector: { app: 'db' } });
    expect(find(objects, 'Service', 'payments').spec).toEqual({ type: 'ExternalName', externalName: 'payments.example.com' });
  });

  it('fails when a targetPort names a port no container declares, and on bad ports', () => {
    const chart = newChart();
    const web = webDeployment(chart);
    new Service(chart, 'bad', { selector: web, ports: [{ name: 'http', port: 0, targetPort: 'https' }, { port: 81 }, { name: 'http', port: 82, nodePort: 30001 }] });
    new Service(chart, '9lives', { ports: [{ port: 80 }] });
    const problems = problemsOf(chart);
    const expected = [
      'Service "bad" (construct test/bad): spec.ports[0].targetPort: targetPort "https" is not declared by any container of Deployment "web"; name a container port "https" or use a port number',
      'Service "bad" (construct test/bad): spec.ports[0].port: port 0 is outside 1-65535',
      'Service "bad" (construct test/bad): spec.ports[1].name: port 81 has no name, which a Service with several ports requires',
      'Service "bad" (construct test/bad): spec.ports[2].nodePort: a ClusterIP Service has no node ports',
      'Service "bad" (construct test/bad): spec.ports[2].name: port name "http" is used twice',
      'Service "9lives" (construct test/9lives): metadata.name: "9lives" is not a DNS-1035 label',
    ];
    for (const text of expected) expect(problems.some((problem) => problem.includes(text)), text).toBe(true);
  });
});

describe('Ingress', () => {
  it('exposes a workload via an Ingress, creating its Service', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'ui', { containers: [{ image: 'ui:3', ports: [{ name: 'http', number: 3000 }] }] });
    web.exposeViaIngress('/', { host: 'models.example.com', className: 'nginx', tls: [{ hosts: ['models.example.com'], secretName: 'models-tls' }], annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } });
    const objects = synth(chart);
    const ingress = find(objects, 'Ingress');
    expect(find(objects, 'Service').metadata.name).toBe('ui');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' });
    expect(ingress.metadata.labels['app.kubernetes.io/instance']).toBe('ui');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'models.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'ui', port: { number: 3000 } } } }] } }],
      tls: [{ hosts: ['models.example.com'], secretName: 'models-tls' }],
    });
  });

  it('orders hosts and paths deterministically, most specific path first, catch-all host last', () => {
    const chart = newChart();
    const api = new Service(chart, 'api', { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 8081 }] });
    const ui = new Service(chart, 'ui', { ports: [{ port: 80 }] });
    const ingress = new Ingress(chart, 'edge', { defaultBackend: { service: ui } });
    ingress.addRule(undefined, '/', ui);
    ingress.addRule('b.example.com', '/', ui);
    ingress.addRule('a.example.com', '/api', api, 'http');
    ingress.addRule('a.example.com', '/api/admin', api, 8081, 'Exact');
    ingress.addRule('a.example.com', '/Zeta', ui);
    ingress.addRule('a.example.com', '/alfa', ui);
    const spec = find(synth(chart), 'Ingress').spec;
    expect(spec.rules.map((rule: any) => rule.host)).toEqual(['a.example.com', 'b.example.com', undefined]);
    expect(spec.rules[0].http.paths.map((path: any) => path.path)).toEqual(['/api/admin', '/Zeta', '/alfa', '/api']);
    expect(spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'api', port: { number: 8081 } } });
    expect(spec.rules[0].http.paths[3].backend).toEqual({ service: { name: 'api', port: { name: 'http' } } });
    expect(spec.defaultBackend).toEqual({ service: { name: 'ui', port: { number: 80 } } });
  });

  it('fails when a backend port is not exposed by the Service, or ambiguous', () => {
    const chart = newChart();
    const api = new Service(chart, 'api', { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 8081 }] });
    new Ingress(chart, 'edge').addRule('a.example.com', '/', api, 8443).addRule('a.example.com', '/x', api).addRule('a.example.com', 'nope', api, 'http');
    new Ingress(chart, 'idle');
    const problems = problemsOf(chart);
    const expected = [
      'Ingress "edge" (construct test/edge): spec.rules (rule 1: a.example.com/): Service "api" does not expose port 8443 (it exposes http, admin); route to a port the Service exposes, or add the port to the Service',
      'Ingress "edge" (construct test/edge): spec.rules (rule 2: a.example.com/x): Service "api" has 2 ports, so the backend port is ambiguous',
      'path "nope" does not start with "/"',
      'Ingress "idle" (construct test/idle): spec.rules: the Ingress routes nothing',
    ];
    for (const text of expected) expect(problems.some((problem) => problem.includes(text)), text).toBe(true);
  });
});
