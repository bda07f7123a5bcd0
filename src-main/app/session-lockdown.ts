import { app, session, shell } from 'electron';
import { appContentSecurityPolicy } from './content-security-policy';
import { navigationDecision } from './navigation-policy';

/**
 * No navigation, no new windows, no webviews, no permissions; web links go to the system browser (http and
 * https only). In a development run the dev server's pages get the app's CSP too.
 */
export function lockDownSessions(devServer: string | undefined): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (devServer) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      const headers = { ...details.responseHeaders, 'Content-Security-Policy': [appContentSecurityPolicy(devServer)] };
      callback({ responseHeaders: headers });
    });
  }
  app.on('web-contents-created', (_event, contents) => {
    // The app is one page: it never navigates, not even to itself.
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      const external = navigationDecision(url).openExternally;
      if (external) void shell.openExternal(external);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const external = navigationDecision(url).openExternally;
      if (external) void shell.openExternal(external);
      return { action: 'deny' };
    });
  });
}
