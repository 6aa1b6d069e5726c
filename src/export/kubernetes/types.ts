/**
 * The Kubernetes objects the exporter writes, typed by kubernetes-models (the same package the tests validate every
 * object with against the API's OpenAPI schemas): a misspelt field is a compile error here. Types only; nothing of
 * the package is loaded at run time.
 */
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export type { IContainer } from 'kubernetes-models/v1/Container';
export type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
export type { IProbe } from 'kubernetes-models/v1/Probe';
export type { IVolume } from 'kubernetes-models/v1/Volume';
export type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
export type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
export type { IEnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
export type { IServicePort } from 'kubernetes-models/v1/ServicePort';
export type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
export type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';
export type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
export type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
export type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
export type { IDaemonSet, IDeployment, IStatefulSet, IJob, INetworkPolicy, IRole, IRoleBinding, IConfigMap, INamespace, IPersistentVolumeClaim, ISecret, IService, IServiceAccount };

export type KubernetesObject = IDaemonSet | IDeployment | IStatefulSet | IJob | INetworkPolicy | IRole | IRoleBinding | IConfigMap | INamespace | IPersistentVolumeClaim | ISecret | IService | IServiceAccount;

/** One document of the output: the object, and a comment written above it (why it is shaped so, what to fill in). */
export interface Manifest {
  object: KubernetesObject;
  comment?: string;
}

export type ObjectMeta = NonNullable<IService['metadata']>;
