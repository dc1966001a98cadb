import type { Rule, RuleFinding } from '../types';
import { HostPathVolume, hostPathFindings, WORKLOAD_KINDS } from '../workload';

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
    return hostPathFindings(context.workload(object), socketFinding);
  },
};

function socketFinding(volume: HostPathVolume): RuleFinding | undefined {
  if (volume.path === undefined) return undefined;
  const trimmed = volume.path.replace(/\/+$/, '');
  const socket = SOCKETS.find((name) => trimmed === `/${name}` || trimmed.endsWith(`/${name}`));
  return socket === undefined ? undefined : { message: `volume mounts the container runtime socket "${volume.path}"`, path: [...volume.at, 'path'] };
}
