import { readEnvironmentCertificate, uploadCertificate } from '../shared/usecases/config/certificates';
import type { Certificate } from '../shared/domain/config/certificate';
import { adminCall, json, jsonBody } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The EHR's public certificate for an environment (verifies the HL7 feed): read, upload / replace (If-Match). */
httpFunction('config-certificate', {
  route: 'tenants/{tenantId}/environments/{environment}/certificate',
  methods: ['GET', 'PUT'],
  handler: async (request) => {
    const call = await adminCall(request);
    const environment = request.params.environment ?? '';
    if (request.method === 'GET') {
      const found = await readEnvironmentCertificate(deps().config, { ...call, environment });
      return json(200, view(found.certificate.value, found.warnings), found.certificate.etag);
    }
    const saved = await uploadCertificate(deps().config, { ...call, environment, body: await jsonBody(request) });
    return json(saved.created ? 201 : 200, view(saved.certificate.value, saved.warnings), saved.certificate.etag);
  },
});

function view(c: Certificate, warnings: string[]) {
  return {
    environment: c.environment, subject: c.subject, issuer: c.issuer, serialNumber: c.serialNumber,
    thumbprintSha256: c.thumbprintSha256, thumbprintSha1: c.thumbprintSha1, notBefore: c.notBefore, notAfter: c.notAfter,
    key: c.key, uploadedAt: c.uploadedAt, uploadedBy: c.uploadedBy, warnings,
  };
}
