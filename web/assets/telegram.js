// The Telegram Mini App bridge without Telegram's script (no CDN): launch data, theme, back button.
const LAUNCH_KEY = 'tgWebAppData';

// Telegram passes the launch parameters in the fragment; keep them for this tab's session.
export function launchParams() {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  if (hash.has(LAUNCH_KEY)) {
    const params = {
      initData: hash.get(LAUNCH_KEY),
      theme: hash.get('tgWebAppThemeParams'),
    };
    sessionStorage.setItem('telegram', JSON.stringify(params));
    history.replaceState(null, '', window.location.pathname + window.location.search + '#overview');
    return params;
  }
  const kept = sessionStorage.getItem('telegram');
  return kept ? JSON.parse(kept) : null;
}

function postEvent(type, data = {}) {
  const payload = JSON.stringify(data);
  if (window.TelegramWebviewProxy) {
    window.TelegramWebviewProxy.postEvent(type, payload);
  } else if (window.external && 'notify' in window.external) {
    window.external.notify(JSON.stringify({ eventType: type, eventData: data }));
  } else if (window.parent !== window) {
    window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), '*');
  }
}

export function applyTheme(themeJson) {
  if (!themeJson) return;
  let theme;
  try { theme = JSON.parse(themeJson); } catch { return; }
  const root = document.documentElement.style;
  const map = {
    bg_color: '--bg', text_color: '--fg', hint_color: '--muted', link_color: '--accent',
    button_color: '--accent', button_text_color: '--on-accent', secondary_bg_color: '--card',
  };
  for (const [key, variable] of Object.entries(map)) {
    if (/^#[0-9a-f]{3,8}$/i.test(theme[key] || '')) root.setProperty(variable, theme[key]);
  }
}

// Telegram calls these when its own back button is pressed or the theme changes.
export function connect(onBack) {
  window.Telegram = window.Telegram || {};
  const receive = (type, data) => {
    if (type === 'back_button_pressed') onBack();
    if (type === 'theme_changed' && data && data.theme_params) {
      applyTheme(JSON.stringify(data.theme_params));
    }
  };
  window.Telegram.WebView = { receiveEvent: receive };
  window.addEventListener('message', (event) => {
    try {
      const { eventType, eventData } = JSON.parse(event.data);
      receive(eventType, eventData);
    } catch { /* not a message from Telegram */ }
  });
  postEvent('web_app_ready');
  postEvent('web_app_expand');
}

export function showBackButton(visible) {
  postEvent('web_app_setup_back_button', { is_visible: visible });
}
