import { loadSettings, type Settings } from '../../shared/settings';
import { buildDeps, type Deps } from './deps';

/**
 * The composition root's state: the settings (read once) and the dependencies built
 * from them. Azure reads settings from the environment on first use; the local host
 * and tests may configure the app explicitly before the function files are loaded.
 */
let settings: Settings | undefined;
let overrides: Partial<Deps> = {};
let built: Deps | undefined;

export function configureApp(next: Settings, depOverrides: Partial<Deps> = {}): void {
  settings = next;
  overrides = depOverrides;
  built = undefined;
}

export function appSettings(): Settings {
  settings ??= loadSettings();
  return settings;
}

export function deps(): Deps {
  built ??= { ...buildDeps(appSettings()), ...overrides };
  return built;
}
