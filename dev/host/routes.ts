/**
 * Azure Functions route templates: literal segments, `{name}`, optional `{name?}`,
 * constrained `{name:int}` / `{name:alpha}` / `{name:guid}`, and a final catch-all `{*name}`.
 * Literal matching is case-insensitive, as in ASP.NET routing.
 */
export interface CompiledRoute {
  template: string;
  match(path: string): Record<string, string> | undefined;
}

const CONSTRAINTS: Record<string, RegExp> = {
  int: /^-?\d+$/,
  alpha: /^[A-Za-z]+$/,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

type Part =
  | { type: 'literal'; value: string }
  | { type: 'param'; name: string; optional: boolean; constraint?: RegExp }
  | { type: 'catchAll'; name: string };

export function compileRoute(template: string): CompiledRoute {
  const parts: Part[] = template
    .split('/')
    .filter((s) => s.length > 0)
    .map(parsePart);
  return { template, match: (path) => matchParts(parts, path.split('/').filter((s) => s.length > 0)) };
}

function parsePart(segment: string): Part {
  const m = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?(\?)?\}$/.exec(segment);
  if (!m) return { type: 'literal', value: segment.toLowerCase() };
  const [, star, name = '', constraint, optional] = m;
  if (star) return { type: 'catchAll', name };
  const pattern = constraint ? CONSTRAINTS[constraint] : undefined;
  if (constraint && !pattern) throw new Error(`Unsupported route constraint "${constraint}" in ${segment}`);
  return { type: 'param', name, optional: optional === '?', ...(pattern ? { constraint: pattern } : {}) };
}

function matchParts(parts: Part[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i];
    if (part.type === 'catchAll') {
      params[part.name] = segments.slice(i).map(safeDecode).join('/');
      return params;
    }
    if (segment === undefined) {
      if (part.type === 'param' && part.optional) continue;
      return undefined;
    }
    if (part.type === 'literal') {
      if (safeDecode(segment).toLowerCase() !== part.value) return undefined;
      continue;
    }
    const value = safeDecode(segment);
    if (part.constraint && !part.constraint.test(value)) return undefined;
    params[part.name] = value;
  }
  return segments.length > parts.length ? undefined : params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
