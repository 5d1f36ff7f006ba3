// Command-line verbs (headless): render, stats, rank. Flags and messages are English.
#pragma once
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pk {

struct Layer;
struct MapDocument;
struct ProgrammeNote;

// Exit codes shared by every verb: 0 done, 2 bad input or usage (one line on stderr naming the file
// and the problem), 1 any other failure.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

// True if argv[1] names a CLI verb.
bool isCliVerb(const char* arg);
// Runs the verb in argv[1] with the rest of argv.
int runCliVerb(int argc, char** argv);

// Prints the load warnings of a layer (or of every layer of a document) on stderr, one line each:
// "prokus-map VERB: warning: FILE: PROBLEM: FEATURES".
void printLoadWarnings(const char* verb, const Layer& layer);
void printLoadWarnings(const char* verb, const MapDocument& doc);

// One function per verb, each in its own file (cli_render.cpp, cli_stats.cpp, cli_rank.cpp).
// argv[0] is the verb.
int runRenderVerb(int argc, char** argv);
// prokus-map stats --boundaries B --beneficiaries FILE [--mentors FILE] [--radius-km R]
//   [--population TABLE --population-column NAME]: per-polygon indicators as CSV on stdout.
int runStatsVerb(int argc, char** argv);
// prokus-map rank --boundaries B --beneficiaries F [--mentors M] [--radius-km R] [--candidates TABLE
//   [--candidates-column NAME]] [--office LON,LAT] --weights NAME=W[,...] [--exclude CODE[,...]]
//   [--min NAME=V] [--missing exclude|worst] [--sensitivity-top N] [--project P --scenario NAME]
//   [--new-sites P --sites-out FILE [--sites-from POINTS]]: ranked polygons as CSV on stdout.
int runRankVerb(int argc, char** argv);
// prokus-map export-pack PROJECT -o DIR [--date YYYY-MM-DD] [--csv international|indonesian]
//   [--with-personal-data]: the meeting pack (index.html, map images, table.csv/.xlsx, ranking.csv).
int runExportPackVerb(int argc, char** argv);

// --name-field and --code-field, on every verb: the boundary layer's name and code fields, chosen by
// the planner over the guess (and over a project's saved choice), as the layer panel does.
struct BoundaryFieldFlags {
  std::string nameField, codeField;
  void addTo(CLI::App& app);
  // Sets the chosen fields on `layer`; throws InputError naming the layer's file and listing its
  // fields when one is not there. Call before anything matches names or codes against the layer.
  void applyTo(Layer& layer) const;
};

// The programme notes (programmeNoteText, English) on stderr, one line each: "PREFIX: text", and
// "PREFIX: warning: text" for warnings.
void printProgrammeNotes(const std::vector<ProgrammeNote>& notes, const char* prefix);

}  // namespace pk
