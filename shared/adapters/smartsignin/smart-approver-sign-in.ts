import type { ApproverSignIn, PendingApproverSignIn } from '../../ports/approver-sign-in';
import type { SmartClient } from '../../smart/smart-client';
import { beginStandaloneSignIn, completeStandaloneSignIn } from '../../smart/standalone';

/** The approver's EHR sign-in on the launch area's SMART client (standalone, `openid fhirUser`). */
export class SmartApproverSignIn implements ApproverSignIn {
  private client: SmartClient | undefined;

  /** `client` is built on first use: it needs the connector's signing keys. */
  constructor(private readonly makeClient: () => SmartClient) {}

  private smart(): SmartClient {
    this.client ??= this.makeClient();
    return this.client;
  }

  begin(input: { iss: string; redirectUri: string }): Promise<{ authorizeUrl: string; pending: PendingApproverSignIn }> {
    return beginStandaloneSignIn(this.smart(), input);
  }

  async complete(pending: PendingApproverSignIn, code: string): Promise<{ ehrUserId: string }> {
    const identity = await completeStandaloneSignIn(this.smart(), pending, code);
    return { ehrUserId: identity.fhirUser || identity.sub };
  }
}
