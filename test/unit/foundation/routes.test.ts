import { compileRoute } from '../../../dev/host/routes';

describe('Azure route templates', () => {
  it('matches literals case-insensitively and extracts parameters', () => {
    expect(compileRoute('tenants/{tenantId}/base-urls/{id}').match('/Tenants/t1/base-urls/b%2F2')).toEqual({ tenantId: 't1', id: 'b/2' });
    expect(compileRoute('tenants/{tenantId}').match('/tenants')).toBeUndefined();
    expect(compileRoute('tenants/{tenantId}').match('/tenants/a/b')).toBeUndefined();
  });

  it('supports optional parameters, constraints and a catch-all', () => {
    expect(compileRoute('items/{id?}').match('/items')).toEqual({});
    expect(compileRoute('items/{id:int}').match('/items/12')).toEqual({ id: '12' });
    expect(compileRoute('items/{id:int}').match('/items/x')).toBeUndefined();
    expect(compileRoute('portal/{*path}').match('/portal/assets/app.js')).toEqual({ path: 'assets/app.js' });
  });

  it('refuses unknown constraints at registration', () => {
    expect(() => compileRoute('items/{id:weird}')).toThrow(/Unsupported route constraint/);
  });
});
