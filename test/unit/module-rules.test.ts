import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The module rules of DESIGN.md are lint rules; this proves they fire on forbidden code. */
describe('module rules', () => {
  const root = path.resolve(__dirname, '..', '..');
  /** Runs the project's real ESLint config on a snippet as if it were the named file. */
  const lint = async (file: string, code: string): Promise<(string | null)[]> => {
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'eslint'), ['--format', 'json', '--stdin', '--stdin-filename', file], { cwd: root, input: code, encoding: 'utf8' });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null }[] }[];
    return (result?.messages ?? []).map((m) => m.ruleId);
  };

  it('refuses an Azure SDK in the domain', async () => {
    expect(await lint('shared/domain/x.ts', "import { TableClient } from '@azure/data-tables';\nexport const t = TableClient;\n")).toContain('no-restricted-imports');
  });

  it('refuses an Azure SDK in the HL7 wrapper', async () => {
    expect(await lint('shared/hl7/x.ts', "import { QueueClient } from '@azure/storage-queue';\nexport const q = QueueClient;\n")).toContain('no-restricted-imports');
  });

  it('refuses an Azure SDK in a use case or a function file', async () => {
    expect(await lint('shared/usecases/x.ts', "import { SmsClient } from '@azure/communication-sms';\nexport const s = SmsClient;\n")).toContain('no-restricted-imports');
    expect(await lint('functions/x.ts', "import { SmsClient } from '@azure/communication-sms';\nexport const s = SmsClient;\n")).toContain('no-restricted-imports');
  });

  it('lets adapters import SDKs and functions import @azure/functions', async () => {
    expect(await lint('shared/adapters/acs/x.ts', "import { SmsClient } from '@azure/communication-sms';\nexport const s = SmsClient;\n")).toEqual([]);
    expect(await lint('functions/x.ts', "import { app } from '@azure/functions';\nexport const a = app;\n")).toEqual([]);
  });

  it('refuses process.env outside shared/settings', async () => {
    expect(await lint('shared/domain/x.ts', 'export const port = process.env.PORT;\n')).toContain('no-restricted-properties');
    expect(await lint('functions/x.ts', 'export const port = process.env.PORT;\n')).toContain('no-restricted-properties');
    expect(await lint('shared/settings/x.ts', 'export const port = process.env.PORT;\n')).toEqual([]);
  });

  it('refuses the wall clock in the domain', async () => {
    expect(await lint('shared/domain/x.ts', 'export const now = Date.now();\n')).toContain('no-restricted-syntax');
    expect(await lint('shared/domain/x.ts', 'export const now = new Date();\n')).toContain('no-restricted-syntax');
    expect(await lint('shared/domain/x.ts', "export const at = new Date('2026-01-01');\n")).toEqual([]);
  });
});
