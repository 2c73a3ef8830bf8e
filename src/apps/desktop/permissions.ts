/**
 * What the page may do beyond the contract: use the camera and microphone (read-this, voice),
 * and only from our own page. Everything else is denied; navigation away and new windows too.
 */
import type { Session, WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from './windowOptions';

export function installPermissionHandlers(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaOk = (details as { mediaTypes?: string[] }).mediaTypes?.every((t) => t === 'audio' || t === 'video') ?? true;
    callback(permission === 'media' && mediaOk && isAppUrl(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permission === 'media' && requestingOrigin === APP_ORIGIN);
}

/** The window shows our page only: no navigation elsewhere, no pop-ups, no webviews. */
export function lockNavigation(wc: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  wc.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}
