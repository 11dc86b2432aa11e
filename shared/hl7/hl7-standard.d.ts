/** The little of `hl7-standard` 1.0.4 we use; everything it returns is treated as unknown and checked. */
declare module 'hl7-standard' {
  class HL7 {
    constructor(raw: string, options?: { lineEndings?: string });
    transformed: Record<string, unknown>;
    transform(): void;
  }
  export = HL7;
}
