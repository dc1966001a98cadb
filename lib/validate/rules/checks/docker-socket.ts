import { asArray, asRecord, asString } from '../object';
import type { Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

const SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock'] as const;

export const dockerSocket: Rule = {
  id: 'docker-socket',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  params: { sockets: SOCKETS },
  description: 'A hostPath volume on the container runtime socket (Docker, containerd, CRI-O): whoever holds it controls every container of the node.',
  hint: 'Do not mount the runtime socket; build images with a rootless builder (BuildKit, kaniko) and query the API server instead of the runtime.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return [];
    const findings: RuleFinding[] = [];
    asArray(workload.podSpec?.volumes).forEach((item, position) => {
      const path = asString(asRecord(asRecord(item)?.hostPath)?.path);
      if (path === undefined) return;
      const trimmed = path.replace(/\/+$/, '');
      const socket = SOCKETS.find((name) => trimmed === `/${name}` || trimmed.endsWith(`/${name}`));
      if (socket === undefined) return;
      findings.push({ message: `volume mounts the container runtime socket "${path}"`, path: [...workload.podSpecPath, 'volumes', position, 'hostPath', 'path'] });
    });
    return findings;
  },
};
