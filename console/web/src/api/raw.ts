/**
 * Requests the typed clients cannot make well: multipart uploads, files (CSV) and problem answers
 * read by hand. Each carries this tab's key as the `Authorization` header, like the typed clients.
 */
import { ApiProblem, type Problem } from './client';
import { readSession } from './session';

export async function authFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const session = readSession();
  const headers = new Headers(init.headers);
  if (session && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${session.apiKey}`);
  return fetch(url, { ...init, headers });
}

/** The JSON of a successful answer, or throws its {@link ApiProblem}. */
export async function jsonOrProblem<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { detail: text }; }
  if (!response.ok) {
    throw new ApiProblem(response.status, (body && typeof body === 'object' ? body : { detail: response.statusText }) as Problem);
  }
  return body as T;
}

/** Posts `file` (and an `options` JSON part) as multipart to `url`. */
export async function upload<T>(url: string, file: File, options?: unknown, headers?: HeadersInit): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  if (options !== undefined) form.append('options', new Blob([JSON.stringify(options)], { type: 'application/json' }));
  return jsonOrProblem<T>(await authFetch(url, { method: 'POST', body: form, headers }));
}

/** Fetches `url` with the key and saves the answer as a file named `name`. */
export async function download(url: string, name: string): Promise<void> {
  const response = await authFetch(url, { headers: { Accept: 'text/csv' } });
  if (!response.ok) await jsonOrProblem(response);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export const apiBase = (service: 'contacts' | 'imports' | 'dnc' | 'resolver') => `${window.location.origin}/api/${service}`;
