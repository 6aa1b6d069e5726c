// Run: `npx stack dev` here (or `npx stack dev -f examples/dev-sync` from the root), open http://localhost:8089 and
// edit www/index.html: each save is copied into the running container. Files under www/drafts stay on the host.
// Change MESSAGE below and save: only `web` is recreated. Ctrl-C stops the container (kept for the next run).
import { defineStack } from 'stackfile';

export default defineStack({
  name: 'dev-sync',
  services: {
    web: {
      image: 'stackfile-test/busybox:latest',
      init: true,
      environment: { MESSAGE: 'hello from stack dev' },
      command: ['sh', '-c', 'mkdir -p /www && echo "$MESSAGE" > /www/message.txt && exec httpd -f -p 8080 -h /www'],
      ports: ['8089:8080'],
      watch: [{ path: './www', action: 'sync', target: '/www', ignore: ['drafts'], initialSync: true }],
    },
  },
});
