import { describe, expect, test } from 'vitest';
import { looksLikeCredential } from '../../../src/export/kubernetes/credential-name';

describe('looksLikeCredential', () => {
  test.each(['DB_PASSWORD', 'POSTGRES_PASSWORD', 'PGPASSWORD_x_PASSWD', 'SMTP_PASS', 'jwtSecret', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_API_KEY', 'apiKey', 'private-key', 'GOOGLE_APPLICATION_CREDENTIALS', 'TOKEN'])('%s is one by its name', (name) => {
    expect(looksLikeCredential(name, 'x')).toBe(true);
  });

  test.each(['PASSWORD_MIN_LENGTH', 'TOKEN_TTL', 'SORT_KEY', 'PARTITION_KEY', 'BYPASS', 'PWD', 'LOG_LEVEL', 'SECRETARY', 'KEY'])('%s is not', (name) => {
    expect(looksLikeCredential(name, 'x')).toBe(false);
  });

  test('a URL with a password in it is one, whatever the name; one with a user only, or none, is not', () => {
    expect(looksLikeCredential('DATABASE_URL', 'postgres://app:pw@db:5432/app')).toBe(true);
    expect(looksLikeCredential('BROKER', 'amqp://:pw@mq')).toBe(true);
    expect(looksLikeCredential('DATABASE_URL', 'postgres://app@db/app')).toBe(false);
    expect(looksLikeCredential('CACHE_URL', 'redis://cache:6379')).toBe(false);
    expect(looksLikeCredential('PAGE', 'http://example.com/a:b@c')).toBe(false);
  });
});
