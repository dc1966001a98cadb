import { asRecord, asString } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
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
    const volumes = workload?.podSpec?.volumes;
    if (workload === undefined || !Array.isArray(volumes)) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let position = 0; position < volumes.length; position++) {
      const path = asString(asRecord(asRecord(volumes[position])?.hostPath)?.path);
      if (path === undefined) continue;
      const trimmed = path.replace(/\/+$/, '');
      const socket = SOCKETS.find((name) => trimmed === `/${name}` || trimmed.endsWith(`/${name}`));
      if (socket === undefined) continue;
      (findings ??= []).push({ message: `volume mounts the container runtime socket "${path}"`, path: [...workload.podSpecPath, 'volumes', position, 'hostPath', 'path'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
