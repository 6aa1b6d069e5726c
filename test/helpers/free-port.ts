import { createServer } from 'node:net';

/**
 * A host port nothing listens on right now, for tests that publish one: tests never use the ports the examples
 * publish (8088, 8089, 8090...), which a user following the README may still have running.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
