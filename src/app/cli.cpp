#include "app/cli.h"

#include <cstdio>

namespace fte::app {
int run_cli(int, char**) {
  std::fprintf(stderr, "fte: not wired yet\n");
  return 2;
}
}  // namespace fte::app
