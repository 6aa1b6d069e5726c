/**
 * networks → NetworkPolicies (with --network-policies; without, the cluster's one flat network lets every pod reach
 * every other, and a stack that separates services by network gets a warning). Each pod carries a label per network
 * it is on, `network.stackfile.io/<network>: "true"`, and each network is one policy: its members accept connections
 * from its members. Policies add up, so a pod on two networks accepts connections from both, exactly as on Docker.
 * Published ports accept connections from anywhere (a LoadBalancer's or node's traffic comes from outside). When a
 * network is `internal`, every network's policy also governs egress: members of an internal network may connect to
 * each other and to the cluster DNS only, unless another of their networks lets them out.
 */
import type { DesiredService } from '../../model/desired';
import { join } from '../../model/reader';
import type { ExportContext } from './context';
import { INSTANCE, labelValue, selectorLabels, stackLabels } from './labels';
import { dnsLabel } from './naming';
import { containerPorts, isLoopback } from './ports';
import { servicePath } from './report';
import type { INetworkPolicy, INetworkPolicyEgressRule, Manifest } from './types';

const PREFIX = 'network.stackfile.io/';

function networkLabel(key: string): string {
  return `${PREFIX}${(dnsLabel(key) || 'network').slice(0, 63)}`;
}

/** The pod's network labels (none without --network-policies, when nothing would read them). */
export function networkLabels(s: DesiredService, ctx: ExportContext): Record<string, string> {
  if (!ctx.options.networkPolicies) return {};
  return Object.fromEntries(Object.keys(s.networks).map((n) => [networkLabel(ctx.networkKeys[n] ?? n), 'true']));
}

export function networkPolicyObjects(services: DesiredService[], ctx: ExportContext): Manifest[] {
  const networks = Object.values(ctx.state.networks).filter((n) => services.some((s) => n.name in s.networks));
  if (!ctx.options.networkPolicies) {
    const separated = networks.length > 1 || networks.some((n) => n.internal);
    if (separated) ctx.report.warn('networks', 'are not enforced on Kubernetes without --network-policies: every pod can reach every other', 'pass --network-policies to allow only the traffic the networks allow (needs a network plugin that enforces NetworkPolicies, such as Calico or Cilium)');
    return [];
  }
  const egress = networks.some((n) => n.internal);
  const project = labelValue(ctx.state.project);
  const out: Manifest[] = [];
  for (const n of networks) {
    const members = { matchLabels: { [networkLabel(n.key)]: 'true', [INSTANCE]: project } };
    const rules: INetworkPolicyEgressRule[] = n.internal
      ? [{ to: [{ podSelector: members }] }, { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }]
      : [{}];
    const policy: INetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `network-${dnsLabel(n.key) || 'network'}`, namespace: ctx.namespace, labels: stackLabels(ctx.state.project) },
      spec: { podSelector: members, policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'], ingress: [{ from: [{ podSelector: members }] }], ...(egress ? { egress: rules } : {}) },
    };
    out.push({ object: policy, comment: `Network ${n.key}${n.internal ? ' (internal: no way out but to its members and DNS)' : ''}: its members accept connections from each other.` });
    if (n.ipam || n.driver !== 'bridge') ctx.report.warn(join('networks', n.key), 'driver and ipam settings have no meaning on Kubernetes (pods get addresses from the cluster network)');
  }
  for (const s of services) warnJobWaitEgress(s, ctx);
  for (const s of services) {
    const ports = s.ports.filter((p) => !isLoopback(p.hostIp));
    if (!ports.length) continue;
    const name = ctx.serviceNames[s.name];
    const open = containerPorts({ ...s, ports }).map((p) => ({ protocol: p.protocol, port: p.port }));
    out.push({
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `${name}-published`, namespace: ctx.namespace, labels: stackLabels(ctx.state.project) },
        spec: { podSelector: { matchLabels: selectorLabels(ctx.state.project, name) }, policyTypes: ['Ingress'], ingress: [{ ports: open }] },
      },
      comment: `${s.name} publishes these ports: connections from anywhere.`,
    });
  }
  return out;
}

/**
 * A pod whose networks are all internal may reach only their members and DNS, yet its `kubectl wait` init container
 * (a dependency that must complete, dependencies.ts) must reach the API server: it would wait in Init for ever. The
 * export cannot allow it: the API server is not a pod a selector can name, and its address is the cluster's (an
 * ipBlock for any address on 443/6443 would open the internal network to the world on those ports). So a warning
 * names the service and the rule to add, with the command that shows the address.
 */
function warnJobWaitEgress(s: DesiredService, ctx: ExportContext): void {
  const networks = Object.keys(s.networks).map((n) => ctx.state.networks[ctx.networkKeys[n] ?? n]);
  if (!networks.length || !networks.every((n) => n?.internal)) return;
  for (const [dep, condition] of Object.entries(s.dependsOn)) {
    if (condition !== 'completed' || ctx.kinds[dep] !== 'Job' || s.optionalDeps?.includes(dep)) continue;
    ctx.report.warn(servicePath(s.name, `dependsOn.${dep}`), `${s.name} waits for the Job ${ctx.serviceNames[dep]} with kubectl, which must reach the API server, and its networks (${networks.map((n) => n.key).join(', ')}) are internal: with these NetworkPolicies its pods wait in Init for ever`, `add an egress rule to the API server for ${s.name}'s pods (its address and port: kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. a NetworkPolicy selecting app.kubernetes.io/name=${ctx.serviceNames[s.name]} with egress to: [{ ipBlock: { cidr: ADDRESS/32 } }], ports: [{ protocol: TCP, port: PORT }]`);
  }
}
