import { DefaultAzureCredential } from '@azure/identity';
import { GraphMeetings } from './graph-meetings';

/** Graph meetings with the function app's managed identity (or any DefaultAzureCredential source). */
export function graphMeetingsWithManagedIdentity(input: { baseUrl: string; organizerUserId: string; timeoutMs: number }): GraphMeetings {
  return new GraphMeetings({ ...input, credential: new DefaultAzureCredential() });
}
