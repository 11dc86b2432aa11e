/**
 * Who asked a sending number to stop texting them (STOP) and who asked again (START).
 * Per sending number, keyed by the recipient's keyed hash: no phone number is stored.
 */
export interface OptOutRecord {
  sendingNumber: string;
  recipientHash: string;
  optedOut: boolean;
  /** When the patient's reply was received: older replies never override newer ones. */
  changedAt: string;
}

export interface OptOuts {
  isOptedOut(sendingNumber: string, recipientHash: string): Promise<boolean>;
  get(sendingNumber: string, recipientHash: string): Promise<OptOutRecord | undefined>;
  /**
   * Records the change unless a newer one is already recorded (duplicated and reordered
   * events are harmless). Resolves whether it was applied.
   */
  apply(change: OptOutRecord): Promise<boolean>;
}
