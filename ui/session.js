// Who is logged in: the session the server answered (user, roles, the
// actions the roles allow, the CSRF token), and how the UI hears that the
// session has ended on the server.

let current = null;
let onEnded = null;

// The session body of GET/POST /session, or null when nobody is logged in.
export function get() {
  return current;
}

export function set(body) {
  current = body;
}

export function clear() {
  current = null;
}

export function user() {
  return current ? current.user : null;
}

export function roles() {
  return current && Array.isArray(current.roles) ? current.roles : [];
}

// The token every request that changes something must carry.
export function csrf() {
  return current ? current.csrf : null;
}

// Whether the user's roles allow action somewhere ("booking.decide"). The
// server still judges each record; this only decides what the UI offers.
export function can(action) {
  return Boolean(current && Array.isArray(current.actions) && current.actions.includes(action));
}

// fn(previous session) runs when the server says the session is gone.
export function whenEnded(fn) {
  onEnded = fn;
}

// The server answered "unauthenticated" to a logged-in page: forget the
// session and tell the app once (many requests may fail together).
export function ended() {
  if (!current) return;
  const was = current;
  current = null;
  if (onEnded) onEnded(was);
}
