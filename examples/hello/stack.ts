import { defineStack } from 'stackfile';

export default defineStack({
  name: 'hello',
  services: {
    web: { image: 'busybox', command: ['httpd', '-f', '-p', '8080'], ports: ['8080:8080'], init: true },
  },
});
