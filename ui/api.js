// Talks JSON to Randa's API under /api/v1. Every failure becomes an
// ApiError carrying the server's error code, message and field. Requests
// that change something carry the session's CSRF token; an answer that the
// session is gone sends the user to the log-in page.

import { t } from './i18n.js';
import * as session from './session.js';

const BASE = '/api/v1';

// An error the API answered ({"error": {...}}), or a network failure
// (status 0).
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

// The URL of path with the query arguments that have a value.
function url(path, query) {
  const u = new URL(BASE + path, window.location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  }
  return u;
}

const SAFE = ['GET', 'HEAD'];

async function send(method, path, { query, body, file } = {}) {
  const init = { method, headers: { accept: 'application/json' }, credentials: 'same-origin' };
  if (!SAFE.includes(method) && session.csrf()) init.headers['x-csrf-token'] = session.csrf();
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  // A file sent as the body itself, with its own type.
  if (file !== undefined) {
    init.headers['content-type'] = file.type || 'application/octet-stream';
    init.body = file;
  }
  let res;
  try {
    res = await fetch(url(path, query), init);
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  if ((res.headers.get('content-type') || '').includes('json') && text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = data && data.error;
    if (res.status === 501) {
      throw new ApiError(501, (e && e.code) || 'not_implemented', t('error.not_implemented'));
    }
    throw new ApiError(
      res.status,
      (e && e.code) || `http_${res.status}`,
      (e && e.message) || t('error.http', { status: res.status }),
      e && e.field,
    );
  }
  if (data === null) throw new ApiError(res.status, 'bad_response', t('error.http', { status: res.status }));
  return data;
}

// One request. A 401 "unauthenticated" ends the session in the UI (the app
// shows the log-in page). A 403 "csrf" means the session changed under the
// page (a log-in in another tab): the token is read again and the request
// tried once more.
async function request(method, path, options) {
  try {
    return await send(method, path, options);
  } catch (e) {
    if (e.status === 401 && e.code === 'unauthenticated') session.ended();
    if (e.status === 403 && e.code === 'csrf' && session.get()) {
      session.set(await request('GET', '/session'));
      return send(method, path, options);
    }
    throw e;
  }
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body) => request('POST', path, { body: body ?? {} });
export const patch = (path, body) => request('PATCH', path, { body });
export const put = (path, body) => request('PUT', path, { body });
export const del = (path) => request('DELETE', path);
// PUT of a file (a File or Blob) as the request's body, such as a review's
// PDF report; the answer is JSON as for the others.
export const putFile = (path, file) => request('PUT', path, { file });

// Every item of a list endpoint, following offsets (at most max items).
export async function getAll(path, query = {}, max = 5000) {
  const items = [];
  for (let offset = 0; ; ) {
    const page = await get(path, { ...query, limit: 500, offset });
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total || items.length >= max) return items;
  }
}

// Reference lists change rarely: they are fetched once per page load and
// shared. A failure is not remembered, so the next call tries again.
const cache = new Map();

export function cached(path, query) {
  const key = path + JSON.stringify(query || {});
  if (!cache.has(key)) {
    const p = getAll(path, query).catch((e) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, p);
  }
  return cache.get(key);
}

// The policy table (GET /policy): who may do what, and how far. Fetched
// once per session, like the reference lists.
let policyP = null;

export function policy() {
  if (!policyP) {
    policyP = get('/policy').catch((e) => {
      policyP = null;
      throw e;
    });
  }
  return policyP;
}

// Forgets one cached list (with any query), after the page changed it.
export function uncache(path) {
  for (const key of cache.keys()) if (key.startsWith(`${path}{`)) cache.delete(key);
}

// Forgets the cached lists (another user may see other ones).
export function clearCache() {
  cache.clear();
  policyP = null;
}

export const specialties = () => cached('/specialties');
export const areas = () => cached('/areas');
export const units = () => cached('/units');
export const regions = () => cached('/regions');

// ---- Imports (issue 15): a file as the request's body ----

// POSTs file (a File or Blob) as it is to path with query; resolves to
// { status, data } for an answer with a report (2xx, and 422 when the
// file has problems), and throws an ApiError for any other.
export async function upload(path, query, file) {
  const res = await sendFile(path, query, file);
  const data = await res.json().catch(() => null);
  if (res.ok || (res.status === 422 && data && Array.isArray(data.problems))) return { status: res.status, data };
  const e = data && data.error;
  if (res.status === 401) session.ended();
  throw new ApiError(res.status, (e && e.code) || `http_${res.status}`,
    (e && e.message) || t('error.http', { status: res.status }), e && e.field);
}

// POSTs file as upload() does and resolves to the answer's body as a Blob
// (a report as CSV), whatever its status but a failure of the request.
export async function uploadForFile(path, query, file) {
  const res = await sendFile(path, query, file);
  if (res.status >= 400 && res.status !== 422) {
    const data = await res.json().catch(() => null);
    const e = data && data.error;
    throw new ApiError(res.status, (e && e.code) || `http_${res.status}`,
      (e && e.message) || t('error.http', { status: res.status }), e && e.field);
  }
  return res.blob();
}

async function sendFile(path, query, file) {
  const headers = { accept: 'application/json' };
  if (session.csrf()) headers['x-csrf-token'] = session.csrf();
  try {
    return await fetch(url(path, query), { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
}
