// Static files: only the allow-list built at start-up is ever served. Absolute, encoded,
// double-encoded and dot-dot paths on every static prefix, special files (devices, /proc, a FIFO,
// symlinks out of the web folder, an oversized file, a hidden file) must all be 4xx, fast, and
// never carry the environment, the database or /etc/passwd.
#include <gtest/gtest.h>

#include "shared_serve.h"

namespace fte::security {
namespace {

// What no answer may ever contain.
void expect_no_leak(const std::string& path, const std::string& response) {
  EXPECT_EQ(response.find("canary-5b7f"), std::string::npos) << path << ": environment leaked";
  EXPECT_EQ(response.find("FTE_ADMIN_TOKEN"), std::string::npos) << path;
  EXPECT_EQ(response.find(kAdminToken), std::string::npos) << path;
  EXPECT_EQ(response.find("SQLite format"), std::string::npos) << path << ": database leaked";
  EXPECT_EQ(response.find("root:x:0:0"), std::string::npos) << path << ": /etc/passwd leaked";
}

void expect_refused(const std::string& path) {
  auto started = std::chrono::steady_clock::now();
  std::string r = raw_exchange(shared().port,
                               "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto took = std::chrono::steady_clock::now() - started;
  int st = status_of(r);
  EXPECT_TRUE(st >= 400 && st < 500) << path << " answered " << st << "\n" << r.substr(0, 300);
  EXPECT_LT(took, 2s) << path << " was not answered at once";
  EXPECT_LT(r.size(), 4096u) << path;
  expect_no_leak(path, r);
}

TEST(StaticFiles, AllowListedAssetsAreServed) {
  ASSERT_TRUE(shared().serve->ready());
  for (const char* p : {"/", "/support", "/status", "/console", "/static/fte.css",
                        "/static/form.js", "/static/console.js", "/static/embed.js"}) {
    auto r = call("GET", url(p));
    EXPECT_EQ(r.status, 200) << p;
  }
}

TEST(StaticFiles, AbsoluteEncodedAndDotDotPathsAreNotFound) {
  ASSERT_TRUE(shared().serve->ready());
  std::string db = shared().db_path;  // absolute
  std::string db_enc;
  for (char c : db) db_enc += c == '/' ? std::string("%2f") : std::string(1, c);
  const std::vector<std::string> targets = {
      "%2fproc%2fself%2fenviron", "%2Fproc%2Fself%2Fenviron", "%252fproc%252fself%252fenviron",
      "%25252fetc%25252fpasswd", "/proc/self/environ", "//proc/self/environ", "%2fetc%2fpasswd",
      "..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "..%252f..%252fetc%252fpasswd", "..%5c..%5cetc%5cpasswd", "%c0%ae%c0%ae/etc/passwd",
      "./../index.html", "fte.css%00.js", "fte.css/", db_enc, "/" + db, "%2f" + db_enc.substr(3),
      "etc/passwd", "etc%2fpasswd"};
  // Every prefix that serves files, and the page routes with a tail added.
  for (const std::string prefix : {"/static/", "/static//", "/static/./", "/", "/support/",
                                   "/status/", "/console/", "/static/static/"}) {
    for (const auto& t : targets) expect_refused(prefix + t);
  }
}

TEST(StaticFiles, SpecialFilesAreNeverRead) {
  ASSERT_TRUE(shared().serve->ready());
  for (const char* p :
       {"/static//dev/zero", "/static/%2fdev%2fzero", "/static//dev/urandom", "/static//dev/stdin",
        "/static//proc/self/fd/0", "/static//proc/self/maps", "/static//proc/self/cmdline",
        "/static/fifo.js", "/static/passwd.js", "/static/db.js", "/static/etc/passwd",
        "/static/big.js", "/static/.env", "/static/", "/static"}) {
    expect_refused(p);
  }
  // The server is still whole: a FIFO or /dev/zero request froze or exhausted nothing.
  auto h = call("GET", url("/health"), {}, {}, 2000);
  EXPECT_EQ(h.status, 200);
}

}  // namespace
}  // namespace fte::security
