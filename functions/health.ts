import { checkHealth } from '../shared/usecases/check-health';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

httpFunction('health', {
  route: 'health',
  methods: ['GET'],
  handler: async () => {
    const report = await checkHealth(deps());
    return { status: report.healthy ? 200 : 503, jsonBody: report, headers: { 'Cache-Control': 'no-store' } };
  },
});
