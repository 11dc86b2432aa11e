import type { SmsSwitches } from '../../domain/appointment/apply-message';
import type { BaseUrl } from '../../domain/config/base-url';
import type { Certificate } from '../../domain/config/certificate';
import type { Organisation } from '../../domain/config/organisation';
import type { Clock } from '../../ports/clock';
import type { ConfigStore } from '../../ports/config-store';

/** The configuration one feed sender stands for. */
export interface FeedSender {
  baseUrl: BaseUrl;
  organisation: Organisation;
}

/**
 * The feed's reads of the configuration, cached for a short time: every message needs the
 * sender's base URL, organisation and certificate, which change rarely (a new certificate
 * or SMS setting is in force after at most `ttlSeconds`).
 */
export class FeedDirectory {
  private readonly cache = new Map<string, { value: Promise<unknown>; until: number }>();

  constructor(private readonly config: ConfigStore, private readonly clock: Clock, private readonly ttlSeconds: number) {}

  async sender(hl7SenderId: string): Promise<FeedSender | undefined> {
    return this.cached(`sender:${hl7SenderId}`, async () => {
      const baseUrl = (await this.config.findBaseUrlByHl7SenderId(hl7SenderId))?.value;
      if (!baseUrl) return undefined;
      const organisation = (await this.config.getOrganisation(baseUrl.tenantId))?.value;
      return organisation ? { baseUrl, organisation } : undefined;
    });
  }

  async organisation(tenantId: string): Promise<Organisation | undefined> {
    return this.cached(`org:${tenantId}`, async () => (await this.config.getOrganisation(tenantId))?.value);
  }

  async certificate(tenantId: string, environment: BaseUrl['environment']): Promise<Certificate | undefined> {
    return this.cached(`cert:${tenantId}:${environment}`, async () => (await this.config.getCertificate(tenantId, environment))?.value);
  }

  /** Which texts the base URL sends: notices need its confirmation switch, reminders theirs (both need consents and a number). */
  async smsSwitches(tenantId: string, baseUrlId: string): Promise<SmsSwitches> {
    return this.cached(`sms:${tenantId}:${baseUrlId}`, async (): Promise<SmsSwitches> => {
      const profile = await this.config.getSmsProfile(tenantId, baseUrlId);
      if (!profile) return { notices: false, reminders: false, reminderMinutesBefore: [] };
      return {
        notices: profile.confirmationEnabled,
        reminders: profile.remindersEnabled,
        reminderMinutesBefore: profile.remindersEnabled ? profile.baseUrl.sms.reminderMinutesBefore : [],
      };
    });
  }

  /**
   * One read per key at a time: messages arriving together on a cold cache (a fresh instance
   * under load) share the read in flight instead of each reading the configuration again.
   * A failed read is not kept.
   */
  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(key, { value, until: this.ttlSeconds > 0 ? now + this.ttlSeconds * 1000 : Number.POSITIVE_INFINITY });
    try {
      return await value;
    } catch (error) {
      if (this.cache.get(key)?.value === value) this.cache.delete(key);
      throw error;
    } finally {
      if (this.ttlSeconds <= 0 && this.cache.get(key)?.value === value) this.cache.delete(key);
    }
  }
}
