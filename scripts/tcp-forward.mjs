// A TCP forwarder: `node tcp-forward.mjs LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT`. local-swarm.mjs runs one
// on each node of the local swarm so that both reach its registry at the same address, 127.0.0.1:PORT (a node's
// daemon pulls from a loopback registry without TLS, and an image reference must mean the same on every node).
import { createConnection, createServer } from 'node:net';

const [listenHost, listenPort, targetHost, targetPort] = process.argv.slice(2);
if (!targetPort) {
  process.stderr.write('usage: node tcp-forward.mjs LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT\n');
  process.exit(2);
}

const server = createServer((client) => {
  const upstream = createConnection({ host: targetHost, port: Number(targetPort) });
  client.pipe(upstream).pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
});
server.listen(Number(listenPort), listenHost, () => process.stdout.write(`forwarding ${listenHost}:${listenPort} to ${targetHost}:${targetPort}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
