/**
 * Typed clients for the four services, through the console's gateway (`/api/<service>/...`).
 * Request and response types come from the OpenAPI specs (`npm run gen` → src/api/generated);
 * every request carries this tab's API key. {@link unwrap} turns an error answer into an
 * {@link ApiProblem} (RFC 9457 problem details) for TanStack Query to surface.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as ContactPaths } from './generated/contact-service';
import type { paths as DncPaths } from './generated/dnc-service';
import type { paths as ImportPaths } from './generated/import-service';
import type { paths as ResolverPaths } from './generated/variable-resolver-service';
import { readSession } from './session';

export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  [member: string]: unknown;
}

/** An error answer of a service: its status and problem details. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

const bearer: Middleware = {
  onRequest({ request }) {
    const session = readSession();
    if (session && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${session.apiKey}`);
    }
    return request;
  },
};

function client<Paths extends {}>(prefix: string) {
  const c = createClient<Paths>({ baseUrl: `${window.location.origin}/api/${prefix}` });
  c.use(bearer);
  return c;
}

export const contactsApi = client<ContactPaths>('contacts');
export const dncApi = client<DncPaths>('dnc');
export const importsApi = client<ImportPaths>('imports');
export const resolverApi = client<ResolverPaths>('resolver');

/** The data of a successful answer, or throws its {@link ApiProblem}. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) {
    return result.data as T;
  }
  const error = result.error;
  const problem: Problem = typeof error === 'object' && error !== null
    ? (error as Problem)
    : { detail: typeof error === 'string' && error ? error : result.response.statusText };
  throw new ApiProblem(result.response.status, problem);
}

/** A user-facing line for any error. */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) {
    return `${error.problem.title ?? 'Error'} (${error.status}): ${error.problem.detail ?? ''}`.trim();
  }
  return error instanceof Error ? error.message : String(error);
}
