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

// The lists read and placed into the boundary layer.
struct LoadedProgramme {
  BusinessCategories categories = BusinessCategories::defaults();
  std::optional<BeneficiaryList> beneficiaries;
  std::optional<MentorList> mentors;
  std::vector<double> population;  // per boundary feature; empty without a polygon table
};

// Reads, recognises (or re-binds the saved mapping of) and places every list. Throws InputError
// naming the file that failed (missing file, no location column, nothing placed, unknown population
// column). The boundary layer and projection must outlive nothing: the result holds no references.
LoadedProgramme loadProgramme(const Layer& boundary, const MapProjection& projection, const ProgrammeSources& sources);

}  // namespace pk
