// Serves the web pages (support form at / and /support, status page, console) from a folder with
// a strict Content-Security-Policy (no inline script) and safe headers.
#pragma once
#include <string>

#include "http/http.h"

namespace fte::app {
// Finds the web folder: FTE_WEB_DIR, else <source>/web, else /usr/share/fte/web.
std::string resolve_web_dir(const std::string& configured);
void register_static_routes(http::Router& r, const std::string& web_dir);
}  // namespace fte::app
