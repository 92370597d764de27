#include "app/cli.h"

int main(int argc, char** argv) { return fte::app::run_cli(argc, argv); }
