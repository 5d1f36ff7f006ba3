#include "app/cli.h"

#include "core/layer_io.h"
#include "core/map_document.h"

#include <cstdio>
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

void printLoadWarnings(const char* verb, const Layer& layer) {
  for (const std::string& line : loadWarningLines(layer)) std::fprintf(stderr, "prokus-map %s: warning: %s\n", verb, line.c_str());
}

void printLoadWarnings(const char* verb, const MapDocument& doc) {
  for (const auto& layer : doc.layers) printLoadWarnings(verb, *layer);
}

}  // namespace pk
