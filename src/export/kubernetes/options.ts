/** What `stack export kubernetes` can be told, with the defaults a user gets without flags. */
export interface KubernetesExportOptions {
  /**
   * Namespace of every object. Default: the project's name, and the output then creates that Namespace; a namespace
   * given here is taken to exist already (it may hold other things), so no Namespace object is written for it.
   */
  namespace?: string;
  /** Service type for published ports (ClusterIP is kept for everything else). */
  serviceType: 'LoadBalancer' | 'NodePort';
  /** Bind mounts: an error (they rarely mean anything on a cluster), or a hostPath volume on the node. */
  bindMounts: 'error' | 'host-path';
  /** Embed secret values (base64) in the Secrets; by default they hold no values and the user fills them in. */
  withSecretValues: boolean;
  /** NetworkPolicies that allow exactly what the stack's networks allow. */
  networkPolicies: boolean;
  /** Image of the init containers that wait for a dependency's Service (needs `nc`). */
  waitImage: string;
  /** Image of the init containers that wait for a Job (needs `sh` and `kubectl` on its PATH). */
  kubectlImage: string;
  /** storageClassName of every claim (default: the cluster's default class). */
  storageClass?: string;
}

export const DEFAULT_WAIT_IMAGE = 'busybox:1.36';
export const DEFAULT_KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.33.0';
/** A claim without `size` requests this much: enough for a development database, small enough for any default class. */
export const DEFAULT_VOLUME_SIZE = '1Gi';

export function withDefaults(options: Partial<KubernetesExportOptions> = {}): KubernetesExportOptions {
  return {
    serviceType: 'LoadBalancer',
    bindMounts: 'error',
    withSecretValues: false,
    networkPolicies: false,
    waitImage: DEFAULT_WAIT_IMAGE,
    kubectlImage: DEFAULT_KUBECTL_IMAGE,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
}
