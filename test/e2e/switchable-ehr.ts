import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback "EHR" whose answers a test switches after the connector has stored its URL
 * (adding a URL checks it, so a stored URL that no longer checks out needs one that changes):
 * r4 (SMART configuration + an R4 CapabilityStatement), dstu2 (a DSTU2 Conformance), or
 * website (an ordinary web site: HTML, 404 for the SMART configuration).
 */
export type EhrMode = 'r4' | 'dstu2' | 'website';

export interface SwitchableEhr {
  fhirBaseUrl: string;
  serve(mode: EhrMode): void;
  stop(): Promise<void>;
}

export async function startSwitchableEhr(): Promise<SwitchableEhr> {
  let mode: EhrMode = 'r4';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const origin = `http://${req.headers.host ?? ''}`;
    const json = (body: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (mode !== 'website' && path === '/fhir/.well-known/smart-configuration') {
      return json({ authorization_endpoint: `${origin}/oauth2/authorize`, token_endpoint: `${origin}/oauth2/token`, code_challenge_methods_supported: ['S256'] });
    }
    if (mode === 'r4' && path === '/fhir/metadata') return json({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', status: 'active' });
    if (mode === 'dstu2' && path === '/fhir/metadata') return json({ resourceType: 'Conformance', fhirVersion: '1.0.2', status: 'active' });
    res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Not found</title><h1>Page not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    fhirBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    serve: (next) => void (mode = next),
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
