// Health checks of a container: HTTP, TCP, exec and gRPC probes, with ports by name or number.
import type { Duration } from 'cdk8s';
import type * as k8s from '../k8s';
import { wholeSeconds } from './values';

export interface ProbeOptions {
  /** Wait before the first probe. @default none (probe at once) */
  readonly initialDelay?: Duration;
  /** Time between probes. @default none (Kubernetes probes every 10 seconds) */
  readonly period?: Duration;
  /** Time after which a probe fails. @default none (Kubernetes allows 1 second) */
  readonly timeout?: Duration;
  /** Consecutive failures before the probe is considered failed. @default none (Kubernetes takes 3) */
  readonly failureThreshold?: number;
  /** Consecutive successes after a failure before the probe passes again (1 for liveness and startup). @default none (1) */
  readonly successThreshold?: number;
  /** Grace period for the pod when a liveness or startup probe kills it. @default none (the pod's) */
  readonly terminationGracePeriod?: Duration;
}

export interface HttpProbeOptions extends ProbeOptions {
  /** Scheme of the request. @default none (HTTP) */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /** Extra request headers. @default none */
  readonly headers?: { readonly [name: string]: string };
  /** Host header. @default none (the pod IP) */
  readonly host?: string;
}

/** A liveness, readiness or startup probe. */
export class Probe {
  /** GET `path` on `port` (a container port name or number); 200-399 passes. */
  static http(path: string, port: number | string, options: HttpProbeOptions = {}): Probe {
    const headers = Object.entries(options.headers ?? {}).map(([name, value]) => ({ name, value }));
    const httpGet: k8s.HTTPGetAction = {
      path,
      port,
      scheme: options.scheme,
      host: options.host,
      httpHeaders: headers.length > 0 ? headers : undefined,
    };
    return new Probe({ httpGet }, port, options);
  }

  /** Opens a TCP connection to `port`. */
  static tcp(port: number | string, options: ProbeOptions = {}): Probe {
    return new Probe({ tcpSocket: { port } }, port, options);
  }

  /** Runs `command` in the container; exit status 0 passes. */
  static exec(command: readonly string[], options: ProbeOptions = {}): Probe {
    return new Probe({ exec: { command } }, undefined, options);
  }

  /** Calls the gRPC health service on `port` (gRPC probes take numbers only). */
  static grpc(port: number, service?: string, options: ProbeOptions = {}): Probe {
    return new Probe({ grpc: { port, service } }, port, options);
  }

  private constructor(
    private readonly action: k8s.Probe,
    /** The port the probe calls, checked against the container's ports. */
    readonly port: number | string | undefined,
    private readonly options: ProbeOptions,
  ) {}

  toProbe(): k8s.Probe {
    const { options, action } = this;
    // Fields listed one by one: an object spread here was a hot spot when rendering thousands of pods.
    return {
      httpGet: action.httpGet,
      tcpSocket: action.tcpSocket,
      exec: action.exec,
      grpc: action.grpc,
      initialDelaySeconds: options.initialDelay && wholeSeconds(options.initialDelay),
      periodSeconds: options.period && wholeSeconds(options.period),
      timeoutSeconds: options.timeout && wholeSeconds(options.timeout),
      failureThreshold: options.failureThreshold,
      successThreshold: options.successThreshold,
      terminationGracePeriodSeconds: options.terminationGracePeriod && wholeSeconds(options.terminationGracePeriod),
    };
  }
}
