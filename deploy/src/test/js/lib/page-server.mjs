// A tiny static HTTP server for the test page. It runs on its own port, so the page's origin differs from the
// XMPP server's and every BOSH request from the page is a cross-origin (CORS) request, as on a real web site.
import { createServer } from 'node:http';

const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>Starling browser test</title></head>'
  + '<body><p>Starling browser test</p></body></html>';

/** Serves the page at http://127.0.0.1:{port}/; resolves to {origin, close()}. */
export function servePage(port) {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({
        origin,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
