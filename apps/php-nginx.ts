// php-nginx: a PHP application served by PHP-FPM and nginx in one pod. The code ships in an image of its own;
// an init container copies it into a volume that both containers read, so the runtime images stay stock.
// nginx serves static files itself and hands PHP requests to PHP-FPM over 127.0.0.1:9000.
import type { Chart } from 'cdk8s';
import { Duration } from 'cdk8s';
import { ConfigMap, Deployment, Probe, Volume } from '../lib';
import type { Environment } from '../lib';
import { publicIngress, useProductionDefaults } from './common';
import { size } from './values';
import type { Values } from './values';

/** www-data in the Alpine PHP images; nginx-unprivileged runs as 101 and reads the code through the group. */
const PHP_USER = 82;
const NGINX_USER = 101;
const CODE_ROOT = '/var/www/html';
/** Copying the code needs little, and an init container's requests count towards the pod's. */
const COPY_RESOURCES = size('50m', '32Mi', '64Mi');

const NGINX_SITE = `server {
    listen 8080;
    server_name _;
    root ${CODE_ROOT}/public;
    index index.php;

    location = /healthz {
        access_log off;
        return 200 "ok\\n";
    }

    location / {
        try_files $uri $uri/ /index.php?$query_string;
    }

    location ~ \\.php$ {
        try_files $uri =404;
        fastcgi_pass 127.0.0.1:9000;
        fastcgi_index index.php;
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        fastcgi_param HTTPS $http_x_forwarded_proto if_not_empty;
    }

    location ~ /\\. {
        deny all;
    }
}
`;

// Loaded after the image's pool settings: listen on loopback only (nginx is in the same pod), keep errors in the log.
const PHP_FPM_POOL = `[www]
listen = 127.0.0.1:9000
pm = dynamic
pm.max_children = 10
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 4
catch_workers_output = yes
`;

export function phpNginx(scope: Chart, environment: Environment<Values>): void {
  const values = environment.values;
  const php = values.phpNginx;
  useProductionDefaults(scope, 'php-nginx');

  const nginxConfig = new ConfigMap(scope, 'nginx-config', { name: 'php-nginx-site', data: { 'default.conf': NGINX_SITE } });
  const fpmConfig = new ConfigMap(scope, 'fpm-config', { name: 'php-fpm-pool', data: { 'zz-pool.conf': PHP_FPM_POOL } });
  const code = Volume.emptyDir('code');

  const web = new Deployment(scope, 'web', {
    name: 'php-nginx',
    replicas: php.replicas,
    spreadAcrossNodes: values.spreadAcrossNodes,
    // Both containers share the group, so nginx reads the code the init container wrote as www-data.
    securityContext: { runAsGroup: PHP_USER, fsGroup: PHP_USER },
    initContainers: [
      {
        name: 'copy-code',
        image: `registry.example.com/shop/php-app-code:${php.codeTag}`,
        command: ['sh', '-c', `cp -R /app/. ${CODE_ROOT}/`],
        securityContext: { runAsUser: PHP_USER },
        resources: COPY_RESOURCES,
        volumeMounts: [{ path: CODE_ROOT, volume: code }],
      },
    ],
    containers: [
      {
        name: 'php-fpm',
        image: php.phpImage,
        ports: [{ name: 'fastcgi', number: 9000 }],
        securityContext: { runAsUser: PHP_USER },
        resources: php.phpResources,
        liveness: Probe.tcp('fastcgi', { period: Duration.seconds(10) }),
        readiness: Probe.tcp('fastcgi', { period: Duration.seconds(5) }),
        volumeMounts: [
          { path: CODE_ROOT, volume: code, readOnly: true },
          { path: '/usr/local/etc/php-fpm.d/zz-pool.conf', volume: Volume.fromConfigMap('fpm-config', fpmConfig), subPath: 'zz-pool.conf', readOnly: true },
          { path: '/tmp', volume: Volume.emptyDir('php-tmp') },
        ],
      },
      {
        name: 'nginx',
        image: php.nginxImage,
        ports: [{ name: 'http', number: 8080 }],
        securityContext: { runAsUser: NGINX_USER },
        resources: php.nginxResources,
        liveness: Probe.http('/healthz', 'http'),
        readiness: Probe.http('/healthz', 'http', { period: Duration.seconds(5) }),
        volumeMounts: [
          { path: CODE_ROOT, volume: code, readOnly: true },
          { path: '/etc/nginx/conf.d', volume: Volume.fromConfigMap('nginx-config', nginxConfig), readOnly: true },
          { path: '/tmp', volume: Volume.emptyDir('nginx-tmp') },
        ],
      },
    ],
  });
  web.exposeViaService({ ports: [{ port: 80, name: 'http', targetPort: 'http' }] });
  web.exposeViaIngress('/', publicIngress(values, `shop.${values.domain}`, 'php-nginx-tls'));
  web.addDisruptionBudget();
}
