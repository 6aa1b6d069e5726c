// The part of src/extra-ca-certs.ts that picks what to add to a TLS context: the file's certificates node does not
// ship. (What a connection then trusts is checked end to end in test/cli/extra-ca-certs.test.ts.)
import { rootCertificates } from 'node:tls';
import { describe, expect, test } from 'vitest';
import { certificatesBeyond } from '../src/extra-ca-certs';

// Not a real certificate: the function compares PEM bodies, it does not parse them.
const OWN = '-----BEGIN CERTIFICATE-----\nTUlJQm93bkNB\nb3duY2E=\n-----END CERTIFICATE-----';

describe('certificatesBeyond', () => {
  test("leaves out node's own certificates, however their lines are wrapped, and keeps the rest in order", () => {
    const rewrapped = rootCertificates[3].replace(/\n/g, '\r\n').replace(/([A-Za-z0-9+/=]{32})/g, '$1\n');
    const text = `# a system bundle\n${rootCertificates[0]}\n${OWN}\n${rewrapped}\n${OWN.replace('b3duY2E=', 'c2Vjb25k')}\n`;
    expect(certificatesBeyond(text, rootCertificates)).toEqual([OWN, OWN.replace('b3duY2E=', 'c2Vjb25k')]);
  });

  test('keeps every certificate when nothing is trusted yet (--use-openssl-ca), and TRUSTED CERTIFICATE blocks', () => {
    const trusted = OWN.replace(/CERTIFICATE/g, 'TRUSTED CERTIFICATE');
    expect(certificatesBeyond(`${rootCertificates[0]}\n${trusted}\n`, [])).toEqual([rootCertificates[0], trusted]);
  });

  test('finds nothing in a file without certificates (a key, or text)', () => {
    expect(certificatesBeyond('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', rootCertificates)).toEqual([]);
  });
});
