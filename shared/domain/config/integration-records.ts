import type { BaseUrl } from './base-url';

/**
 * What the EHR analyst configures in the EHR for one approved base URL (Epic's names in
 * brackets): the launch records (FDI), the SMS direct record (the HL7 outgoing interface
 * to the connector), the SMS configuration record and the device-test record.
 */
export interface IntegrationRecords {
  baseUrlId: string;
  baseUrl: string;
  environment: BaseUrl['environment'];
  providerLaunch: LaunchRecord;
  patientLaunch: LaunchRecord;
  smsDirect: { endpointUrl: string; method: 'POST'; contentType: string; sendingApplication: string; signing: string; events: string[] };
  smsConfiguration: { confirmation: boolean; reminders: boolean; reminderMinutesBefore: number[]; sendingNumber: string | null };
  deviceTest: { url: string };
}

export interface LaunchRecord {
  launchUrl: string;
  launchType: 'SMART on FHIR EHR launch';
  /** Context the EHR must pass so the connector can find the appointment. */
  contextTokens: { name: string; value: string; purpose: string }[];
}

const CONTEXT_TOKENS: LaunchRecord['contextTokens'] = [
  { name: 'sessionId', value: '%CSN%', purpose: "the appointment's contact serial number: one meeting per appointment" },
  { name: 'departmentId', value: '%DEPID%', purpose: "the visit's department, for reports" },
];

export function integrationRecordsFor(baseUrl: BaseUrl, publicBaseUrl: string): IntegrationRecords {
  const api = `${publicBaseUrl}/api`;
  return {
    baseUrlId: baseUrl.id,
    baseUrl: baseUrl.url,
    environment: baseUrl.environment,
    providerLaunch: { launchUrl: `${api}/launch/provider`, launchType: 'SMART on FHIR EHR launch', contextTokens: CONTEXT_TOKENS },
    patientLaunch: { launchUrl: `${api}/launch/patient`, launchType: 'SMART on FHIR EHR launch', contextTokens: CONTEXT_TOKENS },
    smsDirect: {
      endpointUrl: `${api}/hl7`,
      method: 'POST',
      contentType: 'x-application/hl7-v2+er7',
      sendingApplication: baseUrl.hl7SenderId,
      signing: `Each POST carries a JWT signed with the private key of the ${baseUrl.environment} certificate uploaded here (RS256/ES256/ES384; claims iss = the sending application, aud = the endpoint URL, jti, iat, exp, body_sha256 = base64url SHA-256 of the body).`,
      events: ['SIU^S12', 'SIU^S13', 'SIU^S14', 'SIU^S15', 'SIU^S17', 'SIU^S26'],
    },
    smsConfiguration: {
      confirmation: baseUrl.sms.confirmation,
      reminders: baseUrl.sms.reminders,
      reminderMinutesBefore: baseUrl.sms.reminderMinutesBefore,
      sendingNumber: baseUrl.sms.phoneNumber ?? null,
    },
    deviceTest: { url: `${api}/visits/device-test` },
  };
}
