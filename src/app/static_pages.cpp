#include "app/static_pages.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

namespace fs = std::filesystem;

namespace fte::app {

std::string resolve_web_dir(const std::string& configured) {
  if (!configured.empty()) return configured;
#ifdef FTE_SOURCE_DIR
  if (fs::exists(fs::path(FTE_SOURCE_DIR) / "web" / "index.html")) return std::string(FTE_SOURCE_DIR) + "/web";
#endif
  if (fs::exists("web/index.html")) return "web";
  return "/usr/share/fte/web";
}

namespace {

const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'self'; object-src 'none'";

std::string mime_for(const fs::path& p) {
  auto e = p.extension().string();
  if (e == ".html") return "text/html; charset=utf-8";
  if (e == ".css") return "text/css; charset=utf-8";
  if (e == ".js") return "text/javascript; charset=utf-8";
  if (e == ".svg") return "image/svg+xml";
  if (e == ".png") return "image/png";
  if (e == ".json") return "application/json";
  return "application/octet-stream";
}

http::Response file_response(const fs::path& root, const std::string& rel) {
  if (rel.find("..") != std::string::npos || rel.find('\0') != std::string::npos)
    return http::Response::error(404, "not_found", "no such page");
  auto p = root / rel;
  std::ifstream in(p, std::ios::binary);
  if (!in || fs::is_directory(p)) return http::Response::error(404, "not_found", "no such page");
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto r = http::Response::text(200, std::move(body), mime_for(p));
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace

void register_static_routes(http::Router& r, const std::string& web_dir) {
  fs::path root(web_dir);
  auto page = [root](std::string file) {
    return [root, file](http::Request&, http::Respond respond) { respond(file_response(root, file)); };
  };
  r.add("GET", "/", page("index.html"), "/");
  r.add("GET", "/support", page("index.html"), "/support");
  r.add("GET", "/status", page("status.html"), "/status");
  r.add("GET", "/console", page("console.html"), "/console");
  r.add("GET", "/static/*",
        [root](http::Request& req, http::Respond respond) {
          respond(file_response(root / "static", std::string(req.param("*"))));
        },
        "/static/*");
}

}  // namespace fte::app
