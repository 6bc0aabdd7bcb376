// Retort's service worker: the app opens offline after the first visit.
//
// scripts/finish-dist.mjs fills in PRECACHE (every file of dist/) and VERSION
// (a hash of their contents) after each build. Requests go to the network
// first, so an online visit always gets the latest build (the worker's files
// have fixed names); the cache answers when the network does not.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `retort-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('retort-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Pages (with a share link's #fragment or not) are the app's index.html.
  const key = request.mode === 'navigate' ? new Request('/') : request;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() => caches.match(key).then((hit) => hit ?? Response.error())),
  );
});
