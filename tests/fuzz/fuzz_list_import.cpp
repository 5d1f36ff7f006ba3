// libFuzzer target: a beneficiary/mentor list from bytes. CSV through parseCsv; bytes starting with
// "PK" (a ZIP) as an .xlsx or .ods file through readTable, or as a CSV (a ZIP renamed .csv), by the
// length modulo 3. Then the column guess for every kind of list, and
// placement (name matching included) against the 16 demo kecamatan. Only pk::InputError may come
// out, as one clean line; every row read must end up placed or unplaced (nothing lost silently).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/business_categories.h"
#include "core/column_mapping.h"
#include "core/layer.h"
#include "core/layer_io.h"
#include "core/name_matching.h"
#include "core/programme_data.h"
#include "core/projection.h"
#include "core/table_io.h"
#include "fuzz_support.h"

namespace {

struct Demo {
  pk::MapProjection projection{32748};  // UTM 48S, as the app picks for Bandung Barat
  pk::LayerPtr boundary;
  std::unique_ptr<pk::PlacementContext> context;
  pk::BusinessCategories categories = pk::BusinessCategories::defaults();
  Demo() {
    pk::initGdal();
    boundary = pk::loadBoundaryLayer(PROKUS_SOURCE_DIR "/geodata/kbb_kecamatan_schematic.geojson", projection);
    context = std::make_unique<pk::PlacementContext>(*boundary, projection);
  }
};

const Demo& demo() {
  static const Demo d;
  return d;
}

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "finding: %s\n", what);
  std::abort();
}

void importEveryWay(const pk::Table& table) {
  const Demo& d = demo();
  for (pk::ListKind kind : {pk::ListKind::Beneficiaries, pk::ListKind::Mentors, pk::ListKind::PolygonTable})
    (void)pk::guessColumnMapping(table, kind);
  // Name matching on its own, every cell of the first rows as a kecamatan name or code.
  for (size_t r = 0; r < table.rowCount() && r < 20; ++r)
    for (size_t c = 0; c < table.columnCount(); ++c) {
      const pk::PlaceMatch m = d.context->matcher().matchFeature(table.cell(r, c));
      pk::fuzz::requireCleanMessage(m.detail);
    }
  try {
    const pk::BeneficiaryList list = pk::importBeneficiaries(
        table, pk::guessColumnMapping(table, pk::ListKind::Beneficiaries), *d.context, d.categories);
    check(list.summary.rowsRead == table.rowCount(), "beneficiaries: rows read differs from the table");
    check(list.summary.placed() + list.summary.unplaced() == table.rowCount(),
          "beneficiaries: a row neither placed nor unplaced");
    check(list.rows.size() == list.summary.placed() && list.unplaced.size() == list.summary.unplaced(),
          "beneficiaries: lists and summary disagree");
    for (const pk::UnplacedRow& u : list.unplaced) pk::fuzz::requireCleanMessage(u.detail);
  } catch (const pk::InputError& e) {
    pk::fuzz::requireCleanMessage(e.what());
  }
  try {
    const pk::MentorList mentors =
        pk::importMentors(table, pk::guessColumnMapping(table, pk::ListKind::Mentors), *d.context);
    check(mentors.summary.placed() + mentors.summary.unplaced() == table.rowCount(),
          "mentors: a row neither placed nor unplaced");
  } catch (const pk::InputError& e) {
    pk::fuzz::requireCleanMessage(e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)demo();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  pk::TableReadOptions options;
  options.knownHeaders = pk::allRecognisedHeaders();
  try {
    if (bytes.substr(0, 2) == "PK" && size % 3 != 0) {
      // GDAL reads spreadsheets from files.
      const std::string path = pk::fuzz::scratchDir() + (size % 3 == 1 ? "/list.xlsx" : "/list.ods");
      pk::fuzz::writeBytes(path, data, size);
      importEveryWay(pk::readTable(path, options));
    } else {
      importEveryWay(pk::parseCsv(bytes, "list.csv", options));
    }
  } catch (const pk::InputError& e) {
    pk::fuzz::requireCleanMessage(e.what());
  }
  return 0;
}
