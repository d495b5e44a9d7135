// The Telegram Mini App bridge: Telegram's own script (telegram-web-app.js) gives the sign-in
// data, the theme and the back button. It is loaded only inside Telegram, so a browser tab
// never fetches anything from elsewhere and works offline.
const SCRIPT = 'https://telegram.org/js/telegram-web-app.js';
const SCRIPT_TIMEOUT_MS = 8000;

// Inside Telegram a native client injects TelegramWebviewProxy, and Telegram Web frames the
// page (the CSP lets only web.telegram.org frame it). A tab opened from a link carrying
// "#tgWebAppData=…" is neither: someone else's initData there must never sign anyone in.
export function insideTelegram() {
  if (window.TelegramWebviewProxy) return true;
  try {
    return window.parent !== window;
  } catch {
    return true; // a cross-origin parent: framed
  }
}

function load(src) {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    const done = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(done, SCRIPT_TIMEOUT_MS);
    script.src = src;
    script.onload = done;
    script.onerror = done;
    document.head.append(script);
  });
}

// Telegram.WebApp when the page runs as a Mini App with sign-in data, else null.
export async function telegramApp() {
  if (!insideTelegram()) return null;
  // A client may have provided it already; otherwise Telegram's script makes it.
  if (!(window.Telegram && window.Telegram.WebApp)) await load(SCRIPT);
  const app = window.Telegram && window.Telegram.WebApp;
  return app && typeof app.initData === 'string' && app.initData ? app : null;
}

// One variable per colour: links and buttons differ in most of Telegram's themes.
const THEME = {
  bg_color: '--bg', text_color: '--fg', hint_color: '--muted', link_color: '--link',
  button_color: '--accent', button_text_color: '--on-accent', secondary_bg_color: '--card',
  destructive_text_color: '--error', section_separator_color: '--border',
};

export function applyTheme(theme) {
  if (!theme || typeof theme !== 'object') return;
  const root = document.documentElement.style;
  for (const [key, variable] of Object.entries(THEME)) {
    if (/^#[0-9a-f]{3,8}$/i.test(theme[key] || '')) root.setProperty(variable, theme[key]);
  }
}

// Telegram's back button goes back between sections; its theme follows the client's.
export function connect(app, onBack) {
  applyTheme(app.themeParams);
  const call = (fn) => { try { fn(); } catch { /* an older client lacks it */ } };
  call(() => app.onEvent('themeChanged', () => applyTheme(app.themeParams)));
  call(() => app.BackButton.onClick(onBack));
  call(() => app.ready());
  call(() => app.expand());
}

export function showBackButton(app, visible) {
  try {
    if (visible) app.BackButton.show();
    else app.BackButton.hide();
  } catch { /* an older client has no back button */ }
}

// A log's success felt in the hand, inside Telegram (a no-op in a browser tab).
export function haptic(kind) {
  try {
    const feedback = window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.HapticFeedback;
    if (feedback && insideTelegram()) feedback.notificationOccurred(kind);
  } catch { /* an older client has none */ }
}
