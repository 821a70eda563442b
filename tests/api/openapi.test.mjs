// docs/api/openapi.yaml against the server: the same routes both ways, the
// document served as it is in the repository, every $ref resolving, and a
// light contract check of the answers of the demo server against the
// document's schemas (a small JSON Schema validator below), so that the
// document and the handlers cannot drift apart unnoticed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import YAML from 'yaml';
import { RANDA, startServer, call, get, authHeaders, sqlRows, TESTER_ROTATION_SQL } from './harness.mjs';
import { login, sessionHeaders } from './harness.mjs';

const DOC_PATH = resolve('docs/api/openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const docText = readFileSync(DOC_PATH, 'utf8');
const doc = YAML.parse(docText);

let srv;
before(async () => {
  srv = await startServer();
  // A plan run, so that the plan routes have a row to answer with.
  const run = await call(srv.base, 'POST', '/api/v1/plans', { time_limit: 1 });
  assert.equal(run.status, 202, JSON.stringify(run.body));
  // An API token, so that the token list has one.
  const token = await call(srv.base, 'POST', '/api/v1/tokens', { name: 'OpenAPI-test', access: 'read' });
  assert.equal(token.status, 201, JSON.stringify(token.body));
  // A notification, so that the tester's inbox has one: the verksamhetschef
  // declines a request to their unit, and the trainee's home studierektor
  // (the tester, of every unit) is told.
  const vc = await login(srv.base, 'verksamhetschef');
  const [asked] = sqlRows(srv.db, `SELECT b.id FROM booking b JOIN user_role r
    ON r.role = 'unit_head' AND r.scope_id = b.unit_id JOIN app_user u ON u.id = r.user_id
    WHERE u.username = 'verksamhetschef' AND b.status = 'requested' ORDER BY b.id LIMIT 1`);
  const declined = await call(srv.base, 'POST', `/api/v1/bookings/${asked.id}/decline`, {}, sessionHeaders(vc));
  assert.equal(declined.status, 200, JSON.stringify(declined.body));
  // An import (issue 15), so that the list of imports has one.
  const imp = await fetch(`${srv.base}/api/v1/imports?kind=users&file_name=users.csv`, {
    method: 'POST', headers: authHeaders(srv.base), body: 'username;name;roles\nimport.test;Import Test;\n',
  });
  assert.equal(imp.status, 201, await imp.text());
  // A calendar feed, so that the feed list has one.
  const feed = await call(srv.base, 'POST', '/api/v1/feeds', { kind: 'unit', subject_id: 1 });
  assert.equal(feed.status, 201, JSON.stringify(feed.body));
  // A freed place with an offer, and a watch (issue 14): the latest
  // confirmed booking cancelled, its first candidate offered the place.
  const watch = await call(srv.base, 'POST', '/api/v1/watches',
    { specialty_id: 1, from_week: '2026-W01', to_week: '2030-W52' });
  assert.equal(watch.status, 201, JSON.stringify(watch.body));
  const [latest] = sqlRows(srv.db, `SELECT id FROM booking WHERE status = 'confirmed'
    ORDER BY start_week DESC, id LIMIT 1`);
  const cancel = await call(srv.base, 'POST', `/api/v1/bookings/${latest.id}/cancel`, { reason: 'other' });
  assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
  const [freed] = sqlRows(srv.db, 'SELECT id FROM freed_place ORDER BY id DESC LIMIT 1');
  const candidates = await get(srv.base, `/api/v1/freed/${freed.id}/candidates?limit=1`);
  assert.equal(candidates.status, 200, JSON.stringify(candidates.body));
  assert.ok(candidates.body.items.length > 0, 'the freed place has a candidate');
  const offer = await call(srv.base, 'POST', `/api/v1/freed/${freed.id}/offers`,
    { need_ids: [candidates.body.items[0].need.id] });
  assert.equal(offer.status, 201, JSON.stringify(offer.body));
  // The exchange (issue 17): a peer region, an offer and a want of this
  // one, and, posted to the inbox with the peer's token, its catalogue, a
  // request for the offer (accepted here) and a swap, so that every list
  // of the exchange has a row.
  const peer = await call(srv.base, 'POST', '/api/v1/exchange/peers',
    { code: 'openapi-peer', name: 'OpenAPI', url: 'http://127.0.0.1:9' });
  assert.equal(peer.status, 201, JSON.stringify(peer.body));
  const [xunit] = sqlRows(srv.db, `SELECT u.id, s.code FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE u.takes_trainees = 1 ORDER BY u.id LIMIT 1`);
  const xoffer = await call(srv.base, 'POST', '/api/v1/exchange/offers', { unit_id: xunit.id,
    from_week: '2031-W10', to_week: '2031-W40', weeks: 10, contact_email: 'studierektor@example.org' });
  assert.equal(xoffer.status, 201, JSON.stringify(xoffer.body));
  const xwant = await call(srv.base, 'POST', '/api/v1/exchange/wants', { specialty_id: 1, weeks: 8 });
  assert.equal(xwant.status, 201, JSON.stringify(xwant.body));
  const hex = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const inbox = async (kind, body) => {
    const r = await fetch(`${srv.base}/api/v1/exchange/inbox`, { method: 'POST',
      headers: { authorization: `Bearer ${peer.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, id: hex(), from: 'openapi-peer', to: peer.body.region, kind,
        sent_at: Math.floor(Date.now() / 1000), body }) });
    assert.equal(r.status, 200, await r.text());
  };
  await inbox('catalog', { offers: [{ id: 1, specialty: xunit.code, specialty_name: 'X', goals: [], unit: 'U',
    site: '', from_week: '2031-W10', to_week: '2031-W40', weeks: 10, patterns: ['full'], seats: 1, free: 1,
    contact_role: 'studierektor', contact_email: 'studierektor@peer.example' }],
  wants: [{ id: 1, specialty: xunit.code, specialty_name: 'X', weeks: 8, seats: 1 }] });
  await inbox('request', { ref: hex(), offer: xoffer.body.id, specialty: xunit.code, goals: [],
    start_week: '2031-W12', weeks: 10, pattern: 'full' });
  const xin = await get(srv.base, '/api/v1/exchange/requests?direction=in');
  const xacc = await call(srv.base, 'POST', `/api/v1/exchange/requests/${xin.body.items[0].id}/accept`);
  assert.equal(xacc.status, 200, JSON.stringify(xacc.body));
  await inbox('swap.propose', { uid: hex(), weeks: 16, legs: [
    { giver: peer.body.region, receiver: 'openapi-peer', offer: xoffer.body.id, want: 1, specialty: xunit.code, weeks: 8 },
    { giver: 'openapi-peer', receiver: peer.body.region, offer: 1, want: xwant.body.id, specialty: xunit.code, weeks: 8 }] });
});
after(async () => { await srv?.stop(); });

// ---- the document itself ----

// Every (method, path) the document describes, as "GET /api/v1/units".
function docRoutes() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {}))
    for (const m of METHODS)
      if (item[m]) out.push(`${m.toUpperCase()} ${path}`);
  return out;
}

// Every operation: { method, path, op, item }.
function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {}))
    for (const m of METHODS)
      if (item[m]) out.push({ method: m.toUpperCase(), path, op: item[m], item });
  return out;
}

// Resolves a local JSON pointer "#/components/schemas/Unit"; undefined when
// it leads nowhere.
function deref(ref) {
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

// Follows $ref chains (a parameter or response may itself be a $ref).
function follow(node) {
  for (let i = 0; node && node.$ref && i < 20; i++) node = deref(node.$ref);
  return node;
}

test('the document is OpenAPI 3.1 with a title and version', () => {
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.info && doc.info.title && doc.info.version, 'info.title and info.version');
  assert.ok(Object.keys(doc.paths).length > 0, 'paths is empty');
});

test('the routes of the document are exactly the routes of the server', () => {
  const out = execFileSync(RANDA, ['serve', '--routes'], { encoding: 'utf8' });
  const server = new Set(out.split('\n').map((l) => l.trim()).filter(Boolean));
  const documented = new Set(docRoutes());
  assert.ok(server.size > 10, `randa serve --routes printed too little:\n${out}`);
  for (const line of server)
    assert.match(line, /^(GET|POST|PUT|PATCH|DELETE|OPTIONS) \/\S*$/, `odd --routes line: ${line}`);
  const missingInDoc = [...server].filter((r) => !documented.has(r)).sort();
  const missingInServer = [...documented].filter((r) => !server.has(r)).sort();
  assert.ok(missingInDoc.length === 0 && missingInServer.length === 0,
    'docs/api/openapi.yaml and `randa serve --routes` differ:\n' +
    (missingInDoc.length ? '  routes of the server missing from the document:\n' +
      missingInDoc.map((r) => `    + ${r}`).join('\n') + '\n' : '') +
    (missingInServer.length ? '  routes of the document the server does not have:\n' +
      missingInServer.map((r) => `    - ${r}`).join('\n') + '\n' : ''));
});

test('every operation names the action the server judges it by', async () => {
  const policy = await call(srv.base, 'GET', '/api/v1/policy');
  assert.equal(policy.status, 200);
  const server = new Map(policy.body.routes.map((r) => [`${r.method} ${r.path}`, r.action]));
  const wrong = operations()
    .map(({ method, path, op }) => [`${method} ${path}`, op['x-randa-action'], server.get(`${method} ${path}`)])
    .filter(([, doc, srvAction]) => doc !== srvAction)
    .map(([route, doc, srvAction]) => `${route}: the document says ${doc}, the server ${srvAction}`);
  assert.deepEqual(wrong, []);
  // The public routes are the ones the document asks no security of.
  for (const { method, path, op } of operations())
    assert.equal(Array.isArray(op.security) && op.security.length === 0,
      server.get(`${method} ${path}`) === 'public', `${method} ${path}: security`);
});

test('the server serves this very document as YAML', async () => {
  const res = await fetch(srv.base + '/api/v1/openapi.yaml');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') || '', /yaml/);
  const text = await res.text();
  assert.deepEqual(YAML.parse(text), doc, 'the served document differs from docs/api/openapi.yaml (rebuild?)');
});

test('every operation has a summary, a description, a unique operationId and a 2xx response', () => {
  const ids = new Map();
  for (const { method, path, op } of operations()) {
    const where = `${method} ${path}`;
    assert.ok(op.summary, `${where}: no summary`);
    assert.ok(op.description, `${where}: no description`);
    assert.ok(op.operationId, `${where}: no operationId`);
    assert.ok(!ids.has(op.operationId), `${where}: operationId ${op.operationId} also used by ${ids.get(op.operationId)}`);
    ids.set(op.operationId, where);
    const codes = Object.keys(op.responses || {});
    // A redirect's success is its 3xx (the single sign-on callback, issue 19).
    assert.ok(codes.some((c) => /^2\d\d$/.test(c) || (op['x-randa-redirect'] && /^3\d\d$/.test(c))),
      `${where}: no 2xx response (has ${codes.join(', ')})`);
    for (const c of codes) {
      assert.match(c, /^[1-5]\d\d$/, `${where}: response ${c}`);
      assert.ok(follow(op.responses[c])?.description, `${where}: response ${c} has no description`);
    }
    for (const p of [...(op.parameters || [])].map(follow))
      assert.ok(p.name && p.in && p.schema && p.description, `${where}: parameter ${JSON.stringify(p)} lacks name, in, schema or description`);
  }
});

test('every $ref in the document resolves', () => {
  const broken = [];
  const walk = (node, at) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${at}/${i}`));
    else if (node && typeof node === 'object') {
      if ('$ref' in node && deref(node.$ref) === undefined) broken.push(`${at}: ${node.$ref}`);
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
    }
  };
  walk(doc, '#');
  assert.deepEqual(broken, [], 'unresolved $ref:\n' + broken.join('\n'));
});

// Schemas in the document with type array (alone or among others) that do
// not say what their items are: "#/components/schemas/X/properties/y".
function arraysWithoutItems(root) {
  const bad = [];
  const walk = (node, at) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${at}/${i}`));
    else if (node && typeof node === 'object') {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      const items = node.items ?? node.prefixItems;
      // items must be a schema that says something: not absent, not true, not {}.
      const says = items && typeof items === 'object' && Object.keys(items).length > 0;
      if (types.includes('array') && !says) bad.push(at);
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
    }
  };
  walk(root, '#');
  return bad;
}

test('every array schema says what its items are', () => {
  // The check itself: it finds what it should, and only that.
  assert.deepEqual(arraysWithoutItems({ a: { type: 'array' }, b: { type: ['array', 'null'], items: true },
    c: { type: 'array', items: {} }, d: { type: 'array', items: { type: 'string' } },
    e: { type: 'object', properties: { f: { type: 'array' } } } }),
  ['#/a', '#/b', '#/c', '#/e/properties/f']);
  assert.deepEqual(arraysWithoutItems(doc), [], 'array schemas without items');
  // Every list built on List names the schema of its rows.
  let lists = 0;
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const branches = schema.allOf || [];
    if (!branches.some((b) => b.$ref === '#/components/schemas/List')) continue;
    lists++;
    const row = branches.map((b) => b.properties?.items?.items).find(Boolean);
    assert.ok(row && row.$ref && deref(row.$ref), `${name}: items of List without a row schema`);
  }
  assert.ok(lists >= 12, `only ${lists} lists built on List`);
});

test('every {param} of a path is declared as a required path parameter, and no other', () => {
  for (const { method, path, op, item } of operations()) {
    const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const declared = [...(item.parameters || []), ...(op.parameters || [])]
      .map(follow).filter((p) => p && p.in === 'path');
    assert.deepEqual(declared.map((p) => p.name).sort(), inPath, `${method} ${path}: path parameters`);
    for (const p of declared) assert.equal(p.required, true, `${method} ${path}: ${p.name} must be required`);
  }
});

test('list operations take limit (1..500, default 50) and offset', () => {
  let lists = 0;
  for (const { method, path, op } of operations()) {
    const schema = follow(op.responses?.['200']?.content?.['application/json']?.schema);
    const isList = schema && (schema.allOf || []).some((s) => s.$ref === '#/components/schemas/List');
    if (!isList) continue;
    lists++;
    const params = (op.parameters || []).map(follow);
    const limit = params.find((p) => p.name === 'limit' && p.in === 'query');
    const offset = params.find((p) => p.name === 'offset' && p.in === 'query');
    assert.ok(limit && offset, `${method} ${path}: a list without limit and offset`);
    assert.deepEqual([limit.schema.minimum, limit.schema.maximum, limit.schema.default], [1, 500, 50]);
  }
  assert.ok(lists >= 12, `only ${lists} list operations found`);
});

// ---- a small JSON Schema validator (the subset the document uses) ----

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
}

function typeMatches(want, v) {
  const t = typeOf(v);
  return want === t || (want === 'number' && t === 'integer');
}

// Properties a schema evaluates itself or through its allOf branches.
function evaluatedKeys(schema, keys = new Set()) {
  schema = follow(schema);
  if (!schema) return keys;
  for (const k of Object.keys(schema.properties || {})) keys.add(k);
  for (const s of schema.allOf || []) evaluatedKeys(s, keys);
  return keys;
}

// Appends "at: what is wrong" to errs for every way v breaks schema.
function validate(schema, v, at = '$', errs = []) {
  if (errs.length > 50) return errs;
  if (schema === true || schema === undefined) return errs;
  if (schema.$ref) {
    const target = deref(schema.$ref);
    if (target === undefined) { errs.push(`${at}: unresolved ${schema.$ref}`); return errs; }
    validate(target, v, at, errs);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, v))) {
      errs.push(`${at}: is ${typeOf(v)} ${JSON.stringify(v)?.slice(0, 60)}, the document says ${types.join(' or ')}`);
      return errs;
    }
  }
  if (schema.enum && !schema.enum.some((e) => e === v))
    errs.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && schema.const !== v)
    errs.push(`${at}: ${JSON.stringify(v)} is not ${JSON.stringify(schema.const)}`);
  if (typeof v === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(v))
      errs.push(`${at}: ${JSON.stringify(v)} does not match ${schema.pattern}`);
    const len = [...v].length;
    if (schema.minLength !== undefined && len < schema.minLength) errs.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && len > schema.maxLength) errs.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.format === 'date' && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v + 'T00:00:00Z'))))
      errs.push(`${at}: ${JSON.stringify(v)} is not a date`);
    if (schema.format === 'date-time' && (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(Date.parse(v))))
      errs.push(`${at}: ${JSON.stringify(v)} is not a date-time`);
  }
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) errs.push(`${at}: ${v} is below ${schema.minimum}`);
    if (schema.maximum !== undefined && v > schema.maximum) errs.push(`${at}: ${v} is above ${schema.maximum}`);
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) errs.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && v.length > schema.maxItems) errs.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length)
      errs.push(`${at}: items are not unique`);
    if (schema.items) v.forEach((x, i) => validate(schema.items, x, `${at}[${i}]`, errs));
  }
  if (typeOf(v) === 'object') {
    for (const k of schema.required || [])
      if (!(k in v)) errs.push(`${at}: lacks required "${k}"`);
    const props = schema.properties || {};
    for (const [k, s] of Object.entries(props))
      if (k in v) validate(s, v[k], `${at}.${k}`, errs);
    if (schema.additionalProperties === false) {
      for (const k of Object.keys(v))
        if (!(k in props)) errs.push(`${at}: has "${k}", which the document does not describe`);
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      for (const k of Object.keys(v))
        if (!(k in props)) validate(schema.additionalProperties, v[k], `${at}.${k}`, errs);
    }
    if (schema.unevaluatedProperties === false) {
      const known = evaluatedKeys(schema);
      for (const k of Object.keys(v))
        if (!known.has(k)) errs.push(`${at}: has "${k}", which the document does not describe`);
    }
  }
  for (const s of schema.allOf || []) validate(s, v, at, errs);
  if (schema.anyOf && !schema.anyOf.some((s) => validate(s, v, at, []).length === 0))
    errs.push(`${at}: matches none of anyOf`);
  if (schema.oneOf) {
    const fits = schema.oneOf.map((s) => validate(s, v, at, []));
    const n = fits.filter((e) => e.length === 0).length;
    if (n !== 1)
      errs.push(`${at}: matches ${n} of oneOf (want 1)` +
        (n === 0 ? ': ' + fits.map((e) => e[0]).join(' | ') : ''));
  }
  return errs;
}

test('the validator itself catches what it should', () => {
  const s = {
    type: 'object', required: ['a'], additionalProperties: false,
    properties: { a: { type: ['integer', 'null'], minimum: 1 }, w: { $ref: '#/components/schemas/Week' },
      e: { type: 'string', enum: ['x'] }, l: { type: 'array', items: { type: 'string' } } },
  };
  assert.deepEqual(validate(s, { a: 1, w: '2027-W10', e: 'x', l: ['q'] }), []);
  assert.deepEqual(validate(s, { a: null }), []);
  assert.equal(validate(s, {}).length, 1);
  assert.equal(validate(s, { a: 0 }).length, 1);
  assert.equal(validate(s, { a: 1.5 }).length, 1);
  assert.equal(validate(s, { a: 1, w: '2027-10' }).length, 1);
  assert.equal(validate(s, { a: 1, e: 'y' }).length, 1);
  assert.equal(validate(s, { a: 1, l: [1] }).length, 1);
  assert.match(validate(s, { a: 1, zz: 1 })[0], /"zz"/);
  const list = deref('#/components/schemas/RegionList');
  assert.deepEqual(validate(list, { items: [], total: 0, limit: 50, offset: 0 }), []);
  assert.match(validate(list, { items: [], total: 0, limit: 50, offset: 0, more: 1 }).join(), /"more"/);
  assert.ok(validate(list, { items: [{ id: 1 }], total: 1, limit: 50, offset: 0 }).length > 0);
});

// ---- the contract: the demo server answers as the document says ----

// The schema of an operation's response with status and its media type.
function responseOf(op, status) {
  const r = follow(op.responses?.[String(status)]);
  assert.ok(r, `no ${status} response documented`);
  const [type, media] = Object.entries(r.content || {})[0] || [];
  return { type, schema: media?.schema };
}

// Example values for the required query arguments of an operation.
function requiredQuery(op, item) {
  const args = new URLSearchParams();
  for (const p of [...(item.parameters || []), ...(op.parameters || [])].map(follow)) {
    if (p.in !== 'query' || !p.required) continue;
    const schema = follow(p.schema);
    const example = p.example ?? schema.examples?.[0] ?? schema.default;
    assert.ok(example !== undefined, `required ${p.name} has no example to call with`);
    args.set(p.name, String(example));
  }
  return args;
}

function assertFits(schema, body, where) {
  const errs = validate(schema, body);
  assert.deepEqual(errs, [], `${where} does not fit the document:\n  ${errs.slice(0, 20).join('\n  ')}`);
}

function acceptsQuery(op, name) {
  return (op.parameters || []).map(follow).some((p) => p.in === 'query' && p.name === name);
}

const getOps = () => operations().filter((o) => o.method === 'GET');

test('every GET without path parameters answers as the document says', async () => {
  let checked = 0;
  // A redirect (the single sign-on callback, issue 19) has its own tests.
  for (const { path, op, item } of getOps().filter((o) => !o.path.includes('{') && !o.op['x-randa-redirect'])) {
    const args = requiredQuery(op, item);
    if (acceptsQuery(op, 'limit')) args.set('limit', '500'); // more rows, more shapes
    const url = path + (args.size ? '?' + args : '');
    const res = await fetch(srv.base + url, { headers: authHeaders(srv.base) });
    assert.equal(res.status, 200, `GET ${url}: ${res.status}`);
    const { type, schema } = responseOf(op, 200);
    const got = (res.headers.get('content-type') || '').split(';')[0].trim();
    assert.equal(got, type, `GET ${url}: content type`);
    const text = await res.text();
    if (type === 'application/json') {
      const body = JSON.parse(text);
      assertFits(schema, body, `GET ${url}`);
      if (Array.isArray(body.items)) assert.ok(body.items.length > 0, `GET ${url}: the demo has rows here`);
    } else {
      assert.ok(text.length > 0, `GET ${url}: empty`);
    }
    checked++;
  }
  assert.ok(checked >= 15, `only ${checked} routes checked`);
});

// The list path a detail path belongs to: /api/v1/units/{id} -> /api/v1/units.
const listPathOf = (path) => path.slice(0, path.indexOf('/{'));

// A few ids of rows that exist, from the list route: first, last, and one
// with each nullable shape is likely among 500 rows.
async function someIds(listPath) {
  const { status, body } = await get(srv.base, `${listPath}?limit=500`);
  assert.equal(status, 200, `GET ${listPath}`);
  const ids = body.items.map((x) => x.id);
  assert.ok(ids.length > 0, `${listPath} is empty in the demo`);
  return [...new Set([ids[0], ids[Math.floor(ids.length / 2)], ids[ids.length - 1]])];
}

test('every GET of one resource answers as the document says, and 404 for an unknown id', async () => {
  let checked = 0;
  for (const { path, op } of getOps().filter((o) => o.path.endsWith('/{id}'))) {
    const listPath = listPathOf(path);
    for (const id of await someIds(listPath)) {
      const url = path.replace('{id}', id);
      const { status, body } = await get(srv.base, url);
      assert.equal(status, 200, `GET ${url}`);
      assertFits(responseOf(op, 200).schema, body, `GET ${url}`);
      assert.equal(body.id, id, `GET ${url}: the id`);
      checked++;
    }
    for (const bad of ['999999999', 'abc', '0']) {
      const url = path.replace('{id}', bad);
      const { status, body } = await get(srv.base, url);
      assert.equal(status, 404, `GET ${url}`);
      assertFits(responseOf(op, 404).schema, body, `GET ${url}`);
    }
  }
  assert.ok(checked >= 12, `only ${checked} resources checked`);
});

test('every list refuses a bad limit with the documented 400', async () => {
  for (const { path, op, item } of getOps().filter((o) => acceptsQuery(o.op, 'limit'))) {
    for (const limit of ['0', '501', 'x']) {
      const args = requiredQuery(op, item);
      args.set('limit', limit);
      const { status, body } = await get(srv.base, `${path}?${args}`);
      assert.equal(status, 400, `GET ${path}?${args}`);
      assertFits(responseOf(op, 400).schema, body, `GET ${path}?${args}`);
      assert.equal(body.error.field, 'limit');
    }
  }
});

test('every enum query argument is refused outside its enum (400 naming it)', async () => {
  let checked = 0;
  for (const { path: template, op, item } of getOps()) {
    // A path with an id (a trainee's export formats) is asked of a real one.
    const path = await concretePath(template);
    for (const p of (op.parameters || []).map(follow)) {
      const schema = follow(p.schema);
      if (p.in !== 'query' || !schema?.enum) continue;
      const args = requiredQuery(op, item);
      // Every documented value is accepted...
      for (const v of schema.enum) {
        args.set(p.name, v);
        const { status } = await get(srv.base, `${path}?${args}`);
        assert.equal(status, 200, `GET ${path}?${args}`);
      }
      // ...and one the document does not list is refused.
      args.set(p.name, 'no-such-value');
      const { status, body } = await get(srv.base, `${path}?${args}`);
      assert.equal(status, 400, `GET ${path}?${args}`);
      assert.equal(body.error.field, p.name, `GET ${path}?${args}`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `only ${checked} enum arguments found`);
});

test('id query arguments refuse what is not an id; specialty codes work where documented', async () => {
  const { body: sp } = await get(srv.base, '/api/v1/specialties?limit=1');
  const code = sp.items[0].code;
  let ids = 0, codes = 0;
  for (const { path, op, item } of getOps()) {
    for (const p of (op.parameters || []).map(follow)) {
      if (p.in !== 'query') continue;
      const byId = p.schema?.$ref === '#/components/schemas/Id';
      const byCode = (p.schema?.oneOf || []).some((s) => s.type === 'string');
      if (!byId && !byCode) continue;
      const args = requiredQuery(op, item);
      const at = (v) => { args.set(p.name, v); return `${path}?${args}`; };
      for (const bad of ['0', '-1', '1.5']) {
        const { status, body } = await get(srv.base, at(bad));
        assert.equal(status, 400, `GET ${at(bad)}`);
        assert.equal(body.error.field, p.name);
      }
      assert.equal((await get(srv.base, at('1'))).status, 200, `GET ${at('1')}`);
      const r = await get(srv.base, at(code));
      if (byCode) {
        assert.equal(r.status, 200, `GET ${at(code)}: the document says codes work`);
        const unknown = await get(srv.base, at('no-such-specialty'));
        assert.equal(unknown.status, 400, `GET ${at('no-such-specialty')}`);
        codes++;
      } else {
        assert.equal(r.status, 400, `GET ${at(code)}: the document says only ids work`);
        ids++;
      }
    }
  }
  assert.ok(ids >= 20 && codes >= 4, `ids ${ids}, codes ${codes}`);
});

// Fills {id} with an existing row's id of the path's resource, {goal}
// with a goal's and {cert} with a certificate every trainee has.
async function concretePath(path) {
  if (!path.includes('{id}')) return path;
  // A rotation's results are its handledare's: one of the tester's trainee.
  const [id] = /^\/api\/v1\/bookings\/\{id\}\/(results|feedback)/.test(path)
    ? sqlRows(srv.db, `SELECT id FROM booking WHERE status IN ('confirmed', 'completed')
        AND trainee_id = (${TESTER_ROTATION_SQL}) LIMIT 1`).map((r) => r.id)
    : await someIds(listPathOf(path));
  const [goal] = await someIds('/api/v1/goals');
  return path.replace('{id}', id).replace('{goal}', goal).replace('{cert}', 'summary')
    .replace('{year}', '2030'); // a home unit's budget's year (issue 18: budget)
}

test('every request body refuses a field the document does not describe (422)', async () => {
  let checked = 0;
  for (const { method, path, op } of operations()) {
    const schema = follow(op.requestBody?.content?.['application/json']?.schema);
    if (!schema) continue;
    assert.equal(schema.additionalProperties, false, `${method} ${path}: the body should refuse unknown fields`);
    const url = await concretePath(path);
    const res = await call(srv.base, method, url, { zz_not_a_field: 1 });
    assert.equal(res.status, 422, `${method} ${url}: ${JSON.stringify(res.body)}`);
    assertFits(responseOf(op, 422).schema, res.body, `${method} ${url}`);
    assert.equal(res.body.error.field, 'zz_not_a_field');
    checked++;
  }
  assert.ok(checked >= 10, `only ${checked} bodies checked`);
});

test('every body field the document describes is known to the server', async () => {
  // A value no field accepts ({}), one field at a time: the answer is 422,
  // but never "unknown field" for a documented name (nothing is written).
  for (const { method, path, op } of operations()) {
    const schema = follow(op.requestBody?.content?.['application/json']?.schema);
    if (!schema) continue;
    const url = await concretePath(path);
    for (const name of Object.keys(schema.properties || {})) {
      const res = await call(srv.base, method, url, { [name]: { bad: true } });
      assert.equal(res.status, 422, `${method} ${url} {${name}: {}}: ${JSON.stringify(res.body)}`);
      const e = res.body.error;
      assert.ok(!(e.field === name && /unknown field/.test(e.message)),
        `${method} ${url}: the document describes "${name}" but the server refuses it as unknown`);
    }
    if ((schema.required || []).length) {
      const res = await call(srv.base, method, url, {});
      assert.equal(res.status, 422, `${method} ${url} {}: ${JSON.stringify(res.body)}`);
      assert.ok(schema.required.includes(res.body.error.field),
        `${method} ${url} {}: the server asks for ${res.body.error.field}, the document requires ${schema.required}`);
    }
  }
});

test('the documented error codes cover what the server sends', async () => {
  const codes = deref('#/components/schemas/Error').properties.error.properties.code.enum;
  const samples = [
    await get(srv.base, '/api/v1/nope'),
    await call(srv.base, 'DELETE', '/api/v1/regions'),
    await get(srv.base, '/api/v1/units?region=x'),
    await call(srv.base, 'POST', '/api/v1/capacity', '{'),
    await call(srv.base, 'POST', '/api/v1/capacity', { seats: 1 }),
  ];
  const errSchema = deref('#/components/schemas/Error');
  for (const r of samples) {
    assertFits(errSchema, r.body, `status ${r.status}`);
    assert.ok(codes.includes(r.body.error.code));
  }
  assert.deepEqual(samples.map((r) => r.status), [404, 405, 400, 400, 422]);
});
