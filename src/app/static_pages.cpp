#include "app/static_pages.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>

#include "ops/log.h"

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

constexpr std::size_t kMaxFileBytes = 2u << 20;
constexpr std::size_t kMaxTotalBytes = 32u << 20;
constexpr std::size_t kMaxFiles = 512;

std::string csp(std::string_view frame_ancestors) {
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; frame-ancestors " +
         std::string(frame_ancestors) +
         "; base-uri 'none'; form-action 'self'; object-src 'none'";
}

std::string mime_for(const fs::path& p) {
  auto e = p.extension().string();
  if (e == ".html") return "text/html; charset=utf-8";
  if (e == ".css") return "text/css; charset=utf-8";
  if (e == ".js") return "text/javascript; charset=utf-8";
  if (e == ".svg") return "image/svg+xml";
  if (e == ".png") return "image/png";
  if (e == ".ico") return "image/x-icon";
  if (e == ".json") return "application/json";
  if (e == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// Reads a regular file (never a symlink, FIFO or device: opened with O_NOFOLLOW | O_NONBLOCK and
// checked with fstat) of at most kMaxFileBytes. Throws a message on failure.
std::string read_regular_file(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open");
  struct stat st {};
  std::string out;
  try {
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) throw std::runtime_error("not a regular file");
    if (static_cast<std::size_t>(st.st_size) > kMaxFileBytes) throw std::runtime_error("too large");
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < out.size()) {
      auto n = ::read(fd, out.data() + got, out.size() - got);
      if (n < 0) throw std::runtime_error("read failed");
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    out.resize(got);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return out;
}

using Site = std::map<std::string, http::Response, std::less<>>;

struct Loader {
  const StaticOptions& o;
  Site site;
  std::size_t total = 0;

  void add(const std::string& key, const fs::path& file, bool frameable) {
    if (site.size() >= kMaxFiles) {
      ops::error("static file skipped: too many files", {}, {{"file", file.string()}});
      return;
    }
    try {
      std::string body = read_regular_file(file);
      if (total + body.size() > kMaxTotalBytes) throw std::runtime_error("web folder too large");
      total += body.size();
      auto r = http::Response::text(200, std::move(body), mime_for(file));
      r.headers.emplace_back("Content-Security-Policy",
                             csp(frameable ? o.form_frame_ancestors : "'none'"));
      if (!frameable) r.headers.emplace_back("X-Frame-Options", "DENY");
      r.headers.emplace_back("Referrer-Policy", "no-referrer");
      r.headers.emplace_back("Cache-Control", "no-cache");
      site.emplace(key, std::move(r));
    } catch (const std::exception& e) {
      ops::error("static file not served", {}, {{"file", file.string()}, {"error", e.what()}});
    }
  }

  // Every regular file under web/static (not following symlinks; hidden names skipped).
  void add_assets(const fs::path& dir) {
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
    if (ec) {
      ops::warn("no static assets folder", {}, {{"dir", dir.string()}});
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      const auto& p = it->path();
      if (p.filename().string().starts_with(".")) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      auto st = it->symlink_status(ec);
      if (ec || !fs::is_regular_file(st)) continue;
      add("/static/" + p.lexically_relative(dir).generic_string(), p, false);
    }
  }
};

http::Response not_found() {
  return http::Response::error(404, "not_found", "no such page");
}

}  // namespace

void register_static_routes(http::Router& r, const StaticOptions& o) {
  fs::path root(o.web_dir);
  Loader l{o, {}, 0};
  l.add("/", root / "index.html", true);
  l.add("/status", root / "status.html", false);
  l.add("/console", root / "console.html", false);
  l.add_assets(root / "static");
  ops::info("web pages loaded", {},
            {{"dir", root.string()}, {"files", std::to_string(l.site.size())},
             {"bytes", std::to_string(l.total)}});
  auto site = std::make_shared<const Site>(std::move(l.site));
  auto serve = [site](std::string key) {
    return [site, key = std::move(key)](http::Request& req, http::Respond respond) {
      const std::string& k = key.empty() ? req.path : key;
      auto it = site->find(k);
      respond(it == site->end() ? not_found() : it->second);
    };
  };
  r.add("GET", "/", serve("/"), "/", http::Dispatch::io);
  r.add("GET", "/support", serve("/"), "/support", http::Dispatch::io);
  r.add("GET", "/status", serve("/status"), "/status", http::Dispatch::io);
  r.add("GET", "/console", serve("/console"), "/console", http::Dispatch::io);
  // The lookup key is the decoded request path itself: only exact allow-listed paths match.
  r.add("GET", "/static/*", serve(""), "/static/*", http::Dispatch::io);
}

}  // namespace fte::app
