import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { LaunchRole } from '../../shared/domain/launch/visit-context';
import { startLaunch } from '../../shared/usecases/launch/start-launch';
import { deps } from './app-context';
import { launchErrorPage, redirect } from './html';
import type { Invocation } from './invocation';

/** The provider and patient launch endpoints differ only in the role. */
export function launchHandler(role: LaunchRole) {
  return async (request: HttpRequest, invocation: Invocation): Promise<HttpResponseInit> => {
    try {
      const result = await startLaunch(deps().launch, { role, query: queryOf(request) });
      return redirect(result.redirectTo);
    } catch (error) {
      return launchErrorPage(error, invocation.id, invocation.log);
    }
  };
}

/** The first value of each query parameter. */
export function queryOf(request: HttpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of request.query) if (!(name in out)) out[name] = value;
  return out;
}
