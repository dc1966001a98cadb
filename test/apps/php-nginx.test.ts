import { describe, expect, it } from 'vitest';
import { find, renderApp } from './render';

const dev = renderApp('php-nginx', 'dev').objects;
const prod = renderApp('php-nginx', 'prod').objects;
const pod = find(prod, 'Deployment', 'php-nginx').spec.template.spec;
const container = (name: string) => pod.containers.find((candidate: any) => candidate.name === name);

describe('php-nginx', () => {
  it('runs PHP-FPM and nginx in one pod that share the code an init container copies into an emptyDir', () => {
    expect(pod.containers.map((candidate: any) => candidate.name)).toEqual(['php-fpm', 'nginx']);
    expect(pod.initContainers.map((candidate: any) => candidate.name)).toEqual(['copy-code']);
    expect(pod.volumes).toContainEqual({ name: 'code', emptyDir: {} });
    expect(pod.initContainers[0].command.join(' ')).toContain('cp -R /app/. /var/www/html/');
    const codeMount = { name: 'code', mountPath: '/var/www/html' };
    expect(pod.initContainers[0].volumeMounts).toContainEqual(codeMount);
    expect(container('php-fpm').volumeMounts).toContainEqual({ ...codeMount, readOnly: true });
    expect(container('nginx').volumeMounts).toContainEqual({ ...codeMount, readOnly: true });
  });

  it('configures nginx from a ConfigMap that passes PHP to FastCGI on 127.0.0.1:9000', () => {
    const site = find(prod, 'ConfigMap', 'php-nginx-site').data['default.conf'];
    expect(site).toContain('fastcgi_pass 127.0.0.1:9000;');
    expect(site).toContain('listen 8080;');
    expect(pod.volumes).toContainEqual({ name: 'nginx-config', configMap: { name: 'php-nginx-site' } });
    expect(container('nginx').volumeMounts).toContainEqual({ name: 'nginx-config', mountPath: '/etc/nginx/conf.d', readOnly: true });
    expect(container('php-fpm').ports).toEqual([{ name: 'fastcgi', containerPort: 9000, protocol: 'TCP' }]);
    expect(find(prod, 'ConfigMap', 'php-fpm-pool').data['zz-pool.conf']).toContain('listen = 127.0.0.1:9000');
  });

  it('runs both containers as non-root users', () => {
    expect(container('php-fpm').securityContext).toMatchObject({ runAsUser: 82, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(container('nginx').securityContext).toMatchObject({ runAsUser: 101, runAsNonRoot: true, readOnlyRootFilesystem: true });
  });

  it('exposes nginx, never PHP-FPM, through a Service and an Ingress', () => {
    const service = find(prod, 'Service', 'php-nginx');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const ingress = find(prod, 'Ingress', 'php-nginx');
    expect(ingress.spec.rules).toEqual([
      { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'php-nginx', port: { number: 80 } } } }] } },
    ]);
    expect(find(dev, 'Ingress', 'php-nginx').spec.rules[0].host).toBe('shop.dev.example.com');
  });

  it('runs 3 replicas in prod and 1 in dev', () => {
    expect(find(prod, 'Deployment', 'php-nginx').spec.replicas).toBe(3);
    expect(find(dev, 'Deployment', 'php-nginx').spec.replicas).toBe(1);
  });
});
