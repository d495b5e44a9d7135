// Calls to the tracker's API under ./api/ (the server matches routes on the path's end).
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Listeners learn here when a session has ended, so the page can ask to sign in again.
export const events = new EventTarget();

// Inside Telegram the page holds its session's token and sends it as a header: Telegram Web
// frames the page cross-site, where the browser never sends the strict session cookie. It
// lives only in this page's memory (storage may be blocked in a frame).
let token = null;

export function holdToken(value) {
  token = value || null;
}

export function holdsToken() {
  return token !== null;
}

function authorization(headers) {
  return token && !headers.Authorization ? { Authorization: `Bearer ${token}` } : {};
}

export async function api(method, path, { body, headers = {}, raw = false } = {}) {
  const init = {
    method,
    // With a token the cookie stays out of it: one session per request, the page's own.
    credentials: token ? 'omit' : 'same-origin',
    // Keeps the browser from opening its own Basic sign-in box on a 401.
    headers: { 'X-Requested-With': 'fetch', ...authorization(headers), ...headers },
  };
  if (body !== undefined) {
    init.body = raw ? body : JSON.stringify(body);
    if (!raw) init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch('api/' + path, init);
  } catch {
    throw new ApiError(0, 'The tracker cannot be reached; check the connection and retry.');
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const message = (data && data.message) || `The tracker answered ${response.status}.`;
    if (response.status === 401 && path !== 'session') events.dispatchEvent(new Event('signed-out'));
    throw new ApiError(response.status, message);
  }
  return data;
}

// A file (an export, the review card) fetched by the page itself: with a token, a plain
// link would go without the header.
export async function fetchBlob(path) {
  let response;
  try {
    response = await fetch('api/' + path, {
      credentials: token ? 'omit' : 'same-origin',
      headers: { 'X-Requested-With': 'fetch', ...authorization({}) },
    });
  } catch {
    throw new ApiError(0, 'The tracker cannot be reached; check the connection and retry.');
  }
  if (!response.ok) {
    let message = `The tracker answered ${response.status}.`;
    try { message = (await response.json()).message || message; } catch { /* not JSON */ }
    throw new ApiError(response.status, message);
  }
  return response.blob();
}

export async function download(path, name) {
  const url = URL.createObjectURL(await fetchBlob(path));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return 'Basic ' + btoa(binary);
}

export function formatMinutes(minutes) {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  // Past 100 hours the minutes are noise, and the figure fits a phone's half width.
  if (h >= 100) return `${h.toLocaleString('en')} h`;
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
