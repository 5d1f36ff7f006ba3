// prokus-map: `prokus-map [FILE...]` opens the dashboard; `prokus-map VERB ...` runs a headless verb.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/cli.h"
#ifdef PROKUS_HAVE_GUI
#include "ui/app_window.h"
#endif

namespace {
void printUsage() {
  std::puts(
      "usage: prokus-map [FILE...]            open the map dashboard (boundary files or a .prokus.json)\n"
      "       prokus-map render INPUT -o OUT   write a georeferenced map snapshot (no display needed)\n"
      "       prokus-map stats --boundaries B --beneficiaries F [...]   per-polygon indicators as CSV\n"
      "       prokus-map rank --boundaries B --beneficiaries F --weights NAME=W[,...] [...]   suitability ranking\n"
      "       prokus-map export-pack PROJECT -o DIR   the meeting pack (maps, tables, index.html)\n"
      "run 'prokus-map VERB --help' for a verb's options");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    printUsage();
    return pk::kExitOk;
  }
  if (argc >= 2 && pk::isCliVerb(argv[1])) return pk::runCliVerb(argc, argv);
  std::vector<std::string> files(argv + 1, argv + argc);
#ifdef PROKUS_HAVE_GUI
  return pk::runDashboard(files);
#else
  std::fprintf(stderr, "prokus-map: built without the window; use 'prokus-map render'\n");
  return pk::kExitBadInput;
#endif
}
