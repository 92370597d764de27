// A SQLite database file path in a directory of its own, removed with the directory afterwards
// (unit tests of the store's SQLite parts that open the file themselves).
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace fte::sqlite {

struct TempDb {
  TempDb() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fte-db-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir = tmpl;
    path = (dir / "t.db").string();
  }
  ~TempDb() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  std::filesystem::path dir;
  std::string path;
};

}  // namespace fte::sqlite
