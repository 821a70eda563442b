// Talks JSON to Randa's API under /api/v1. Every failure becomes an
// ApiError carrying the server's error code, message and field.

import { t } from './i18n.js';

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

async function request(method, path, { query, body } = {}) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
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

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body) => request('POST', path, { body: body ?? {} });
export const patch = (path, body) => request('PATCH', path, { body });
export const del = (path) => request('DELETE', path);

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

export const specialties = () => cached('/specialties');
export const areas = () => cached('/areas');
export const units = () => cached('/units');
