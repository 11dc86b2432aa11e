/**
 * True inside the Azure Functions Node worker, which provides the `@azure/functions-core`
 * module. Outside it (local host, tests) `app.*` registration would only print a
 * "test mode" warning per function, so the registration helper skips it.
 */
export function insideAzureFunctionsWorker(): boolean {
  try {
    require('@azure/functions-core');
    return true;
  } catch {
    return false;
  }
}
