// The programme data a project opens: the beneficiary and mentor lists and the per-polygon table
// (paths relative to the project file, with their column mappings), and the business categories.
// Kept in the project file's "programme" section:
//
//   "programme": {
//     "beneficiaries": {"path": "synthetic_kpm_beneficiaries.csv",
//                       "mapping": {"kind": "beneficiaries", "columns": {"lon": "bujur", ...}}},
//     "mentors":       {"path": "synthetic_mentors.csv"},
//     "polygon_table": {"path": "synthetic_kecamatan_pkh.csv", "population_column": "households"},
//     "business_categories": [ ... BusinessCategories json ... ]
//   }
//
// Every entry is optional; "mapping" is optional (without it columns are recognised by name, as on
// import), and "business_categories" defaults to BusinessCategories::defaults().
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/business_categories.h"
#include "core/column_mapping.h"
#include "core/i18n.h"
#include "core/programme_data.h"

namespace pk {

struct MapDocument;
struct Layer;
class MapProjection;

struct ProgrammeSource {
  std::string path;                       // absolute; empty = none
  std::optional<ColumnMapping> mapping;   // saved mapping; none = recognise columns by name
  bool present() const { return !path.empty(); }
};

struct ProgrammeSources {
  ProgrammeSource beneficiaries, mentors, polygonTable;
  std::string populationColumn;           // column of polygonTable holding the population
  std::optional<BusinessCategories> categories;
  bool any() const { return beneficiaries.present() || mentors.present() || polygonTable.present(); }
};

// Reads doc.extraSections["programme"], resolving paths against the project file's folder (relative
// paths of a document without a project path resolve against the current folder). Throws
// InputError naming the project file for a malformed section.
ProgrammeSources programmeSourcesOf(const MapDocument& doc);
// Writes them into doc.extraSections["programme"], paths relative to the project file's folder
// when the document has one.
void setProgrammeSources(MapDocument& doc, const ProgrammeSources& sources);

// What a planner should know about a load that went through: the window shows it translated, the
// CLI in English (programmeNoteText).
struct ProgrammeNote {
  enum class Kind {
    TableMatchesNoPolygon,   // the per-polygon table was skipped: no row fits a boundary polygon
    JoinedThroughKecamatan,  // a per-kecamatan table joined to desa through their kecamatan field
    KecamatanPopulation,     // ... so its population column gives no rates per 1,000 on those desa
  };
  Kind kind = Kind::TableMatchesNoPolygon;
  std::string file;        // the table's file name (no folder)
  std::string boundary;    // the boundary layer's file name
  std::string field;       // JoinedThroughKecamatan: the desa's kecamatan field; KecamatanPopulation: the column
  size_t polygons = 0;     // JoinedThroughKecamatan: desa given their kecamatan's row
  bool warning() const { return kind == Kind::TableMatchesNoPolygon; }
};
// One line, e.g. "pkh.csv: per-kecamatan table joined to 165 desa through the kecamatan field
// 'kec_code' of kbb_desa.geojson; each desa shows its kecamatan's values".
std::string programmeNoteText(const ProgrammeNote& note, Language language);

// A per-polygon table's population column joined to the boundary, for rates per 1,000.
struct PopulationTable {
  std::vector<double> population;   // per boundary feature (NaN where none); empty when skipped
  PolygonTableJoin join;
  size_t rows = 0;
  std::vector<ProgrammeNote> notes;
};
// Reads `path` and joins it (with the saved `mapping`, else columns recognised by name). Throws
// InputError naming the file when it cannot be read, has no column `column` or nothing to join on;
// a table that matches no polygon gives a TableMatchesNoPolygon note and no population. Values
// joined through a desa's kecamatan are not used as populations (see polygonTablePopulation).
PopulationTable readPopulationTable(const std::string& path, const std::string& column,
                                    const std::optional<ColumnMapping>& mapping, const Layer& boundary,
                                    const PlaceMatcher& matcher);

// The lists read and placed into the boundary layer.
struct LoadedProgramme {
  BusinessCategories categories = BusinessCategories::defaults();
  std::optional<BeneficiaryList> beneficiaries;
  std::optional<MentorList> mentors;
  std::vector<double> population;  // per boundary feature; empty without a (usable) polygon table
  std::vector<ProgrammeNote> notes;
};

// Reads, recognises (or re-binds the saved mapping of) and places every list. Throws InputError
// naming the file that failed (missing file, no location column, nothing placed, unknown population
// column). A polygon table that matches no boundary polygon is skipped with a note, so the lists
// still load. The boundary layer and projection must outlive nothing: the result holds no references.
LoadedProgramme loadProgramme(const Layer& boundary, const MapProjection& projection, const ProgrammeSources& sources);

}  // namespace pk
