// Serves the web pages (support form at / and /support, status page, console) and their assets
// under /static/ from an allow-list built once at start-up: the files of the web folder are read
// into memory (regular files only, no symlinks, each at most 2 MiB), and a request path is looked up
// in that map, never joined onto a directory, so no other file on the server can be reached and no
// request ever reads the disk. Anything not in the map is 404.
// Headers: a strict Content-Security-Policy (no inline script) with frame-ancestors 'none', except
// on the support form, which may be framed by the configured allow-list (FTE_FORM_FRAME_ANCESTORS,
// for the embed script); Referrer-Policy no-referrer. Handlers never block (Dispatch::io).
// Thread-safe once registered (the map is immutable).
#pragma once
#include <string>

#include "http/http.h"

namespace fte::app {

struct StaticOptions {
  std::string web_dir;                      // see resolve_web_dir
  std::string form_frame_ancestors = "*";   // CSP frame-ancestors sources of the support form
};

// Finds the web folder: FTE_WEB_DIR, else <source>/web, else /usr/share/fte/web.
std::string resolve_web_dir(const std::string& configured);
// Reads the allow-listed files now (logs what it could not read) and adds the routes.
void register_static_routes(http::Router& r, const StaticOptions& o);

}  // namespace fte::app
