#include "app/cli.h"

#include <cstring>
#include <string_view>

namespace pk {

namespace {
struct Verb {
  const char* name;
  int (*run)(int, char**);
};
const Verb kVerbs[] = {
    {"render", runRenderVerb},
    {"stats", runStatsVerb},
    {"rank", runRankVerb},
    {"export-pack", runExportPackVerb},
};
}  // namespace

bool isCliVerb(const char* arg) {
  for (const auto& v : kVerbs)
    if (std::strcmp(arg, v.name) == 0) return true;
  return false;
}

int runCliVerb(int argc, char** argv) {
  for (const auto& v : kVerbs)
    if (std::strcmp(argv[1], v.name) == 0) return v.run(argc - 1, argv + 1);
  return kExitBadInput;
}

}  // namespace pk
