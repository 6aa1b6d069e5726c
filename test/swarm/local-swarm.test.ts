import { describe, expect, it } from 'vitest';
import { cleanupStack, manager, STACK_NAMESPACE, useSwarm, worker } from '../helpers/swarm';

const swarm = useSwarm();

/** Raw Engine API on purpose: this checks the harness the swarm target's tests stand on, not the target. */
describe('local two-node swarm (scripts/local-swarm.mjs)', () => {
  it('has a manager and a worker, both Ready; a task on the worker pulls from the registry and reaches a task on the manager over an overlay network', async () => {
    const { nodes, baseImage } = swarm.cluster();
    const list = await manager.listNodes();
    expect(list.map((n) => [n.ID, n.Status?.State]).sort()).toEqual([[nodes.manager, 'ready'], [nodes.worker, 'ready']].sort());

    const project = swarm.newProject('sw-harness');
    const labels = { [STACK_NAMESPACE]: project };
    const net = await manager.createNetwork({ Name: `${project}_default`, Driver: 'overlay', Attachable: true, Labels: labels });
    const service = (node: string, name: string, args: string[]) => ({
      Name: `${project}_${name}`,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: { Image: baseImage, Args: args, Labels: labels, Init: true },
        Placement: { Constraints: [`node.id==${node}`] },
        Networks: [{ Target: net.id, Aliases: [name] }],
        RestartPolicy: { Condition: 'none' },
      },
      EndpointSpec: { Mode: 'dnsrr' },
      Mode: { Replicated: { Replicas: 1 } },
    });
    await manager.createService(service(nodes.manager, 'web', ['sh', '-c', 'echo from-manager > /index.html && exec httpd -f -p 80 -h /']));
    await manager.createService(service(nodes.worker, 'client', ['sh', '-c', 'until wget -q -O - http://web/; do sleep 0.2; done; sleep 600']));

    // The client's task runs on the worker and its log shows the page it fetched from the manager's task.
    const deadline = Date.now() + 90_000;
    let output = '';
    while (!output.includes('from-manager') && Date.now() < deadline) {
      const [c] = await worker.listContainers({ filters: { label: [`com.docker.swarm.service.name=${project}_client`] } });
      if (c) output = (await worker.getContainer(c.Id).logs({ stdout: true, stderr: true })).toString();
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(output).toContain('from-manager');
    await cleanupStack(project);
    expect(await manager.listServices({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).toEqual([]);
  });
});
