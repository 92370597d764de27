// One `fte serve` shared by the request-level probes of this binary (started on first use, killed
// at exit), with the admin token set, a configured form frame-ancestors list, and a copy of web/
// salted with traps an operator could leave behind: a FIFO, symlinks out of the folder, an
// oversized file and a hidden file. None of them may ever be served.
#pragma once
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "probe.h"

namespace fte::security {

inline const std::string kFormFrameAncestors = "'self' https://shop.example";

struct Shared {
  std::filesystem::path dir;
  std::unique_ptr<testing::Serve> serve;
  int port = 0;
  std::string db_path;
};

inline Shared& shared() {
  static Shared s = [] {
    Shared x;
    x.dir = testing::temp_dir("fte-security");
    auto web = x.dir / "web";
    std::filesystem::copy(std::string(FTE_SOURCE_DIR) + "/web", web,
                          std::filesystem::copy_options::recursive);
    ::mkfifo((web / "static" / "fifo.js").c_str(), 0644);
    x.db_path = (x.dir / "fte.db").string();
    std::filesystem::create_symlink("/etc/passwd", web / "static" / "passwd.js");
    std::filesystem::create_symlink(x.db_path, web / "static" / "db.js");
    std::filesystem::create_directory_symlink("/etc", web / "static" / "etc");
    {
      std::ofstream big(web / "static" / "big.js");
      big << std::string(3u << 20, 'x');
      std::ofstream hidden(web / "static" / ".env");
      hidden << "SECRET=1\n";
    }
    x.serve = std::make_unique<testing::Serve>(
        x.dir, std::map<std::string, std::string>{{"FTE_ADMIN_TOKEN", kAdminToken},
                                                  {"FTE_WEB_DIR", web.string()},
                                                  {"FTE_FORM_FRAME_ANCESTORS", kFormFrameAncestors},
                                                  {"FTE_SECURITY_SUITE_CANARY", "canary-5b7f"}});
    x.port = port_of(*x.serve);
    return x;
  }();
  return s;
}

inline std::string url(const std::string& path) {
  return shared().serve->url(path);
}

}  // namespace fte::security
