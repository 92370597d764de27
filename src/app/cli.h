// The `fte` command line: roles (serve, gateway, agent, deliver), migrate, kb import/search,
// dev kafka, eval. Parses arguments with CLI11 and the environment into a Config.
#pragma once

namespace fte::app {
int run_cli(int argc, char** argv);
}
