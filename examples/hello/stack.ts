// Run: `npx stack up` in this folder, then open http://localhost:8080 (`npx stack config` prints the resolved stack).
// One busybox httpd; the image is the local test image, so no registry is needed.
import { defineStack } from 'stackfile';

export default defineStack({
  name: 'hello',
  services: {
    web: { image: 'stackfile-test/busybox:latest', command: ['httpd', '-f', '-p', '8080'], ports: ['8080:8080'], init: true },
  },
});
