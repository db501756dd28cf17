// The JSON API as the page uses it: session cookie, CSRF token on changes, errors as exceptions.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data || null;
  }
}

/** Remembers the session's CSRF token (from GET /api/me). */
export function useCsrfToken(token) {
  csrfToken = token;
}

export async function api(method, path, body) {
  const headers = { 'X-Requested-With': 'fetch', Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken || '';
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'cannot reach the server');
  }
  if (res.status === 401 && path !== '/api/me') {
    window.location.assign('/login');
    throw new ApiError(401, 'signed out');
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    throw new ApiError(res.status, (data && data.error) || res.statusText || 'request failed', data);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const del = (path) => api('DELETE', path);
export const patch = (path, body) => api('PATCH', path, body);
