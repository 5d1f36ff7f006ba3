#include "app/cli.h"

#include "core/layer_io.h"
#include "core/map_document.h"
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/i18n.h"
#include "core/layer.h"
#include "core/layer_io.h"
#include "core/programme_project.h"

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

void BoundaryFieldFlags::addTo(CLI::App& app) {
  app.add_option("--name-field", nameField,
                 "field of the boundary layer holding the polygon names (default: guessed from names and values)");
  app.add_option("--code-field", codeField,
                 "field of the boundary layer holding the polygon codes (default: guessed from names and values)");
}

void BoundaryFieldFlags::applyTo(Layer& layer) const {
  auto choose = [&](const std::string& wanted, const char* flag, int& field) {
    if (wanted.empty()) return;
    const int index = layer.fieldIndex(wanted);
    if (index < 0) {
      std::string fields;
      for (const auto& f : layer.fieldNames) fields += (fields.empty() ? "" : ", ") + f;
      throw InputError(layer.path, "no field named '" + wanted + "' (" + flag + "); its fields are " +
                                       (fields.empty() ? std::string("none") : fields));
    }
    field = index;
  };
  choose(nameField, "--name-field", layer.nameField);
  choose(codeField, "--code-field", layer.codeField);
}

void printProgrammeNotes(const std::vector<ProgrammeNote>& notes, const char* prefix) {
  for (const ProgrammeNote& note : notes)
    std::fprintf(stderr, "%s: %s%s\n", prefix, note.warning() ? "warning: " : "",
                 programmeNoteText(note, Language::English).c_str());
}

}  // namespace pk
