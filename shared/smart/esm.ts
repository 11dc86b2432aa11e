/**
 * `jose` and `fhir-kit-client` are ESM-only and this project compiles to CommonJS
 * (STACK-NOTES): load them with a dynamic import, once.
 */
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type FhirKit = typeof import('fhir-kit-client', { with: { 'resolution-mode': 'import' } });

let jose: Promise<Jose> | undefined;
let fhirKit: Promise<FhirKit> | undefined;

export const loadJose = (): Promise<Jose> => (jose ??= import('jose'));
export const loadFhirKit = (): Promise<FhirKit> => (fhirKit ??= import('fhir-kit-client'));
