#include "core/database_engine.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/column_mapping.h"
#include "core/database_source.h"
#include "core/layer_io.h"

namespace pk {

namespace {

// Half the side of the box around a point whose four corners must lie in the same polygon for the
// point to be counted in SQL: 1e-6 degree (about 11 cm), more than the bend between a lon/lat edge and
// its projected straight line at kecamatan edge lengths. Points closer to a border go to the local rule.
constexpr const char* kBorderMargin = "1e-6";

// The connection of a source without its tables= (GDAL) / table= option: two sources with the same
// connection are tables of the same database.
std::vector<ConnectionOption> connectionOf(const std::string& source) {
  std::vector<ConnectionOption> out;
  for (auto& o : parseConnectionOptions(source))
    if (o.key != "tables" && o.key != "table") out.push_back(std::move(o));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return out;
}

bool sameDatabase(const std::string& a, const std::string& b) {
  const auto x = connectionOf(a), y = connectionOf(b);
  return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                    [](const auto& p, const auto& q) { return p.key == q.key && p.value == q.value; });
}

// Roles stats does not use: personal data stays in the database.
bool neededByStats(ColumnRole role) { return !isPersonalRole(role) && role != ColumnRole::BusinessName; }

// The list's columns (DatabaseTable::columns), the mapping on them, and which of them stats reads.
struct ListColumns {
  DatabaseTable::Columns table;
  ColumnMapping mapping;
  std::vector<bool> used;
};

ListColumns listColumnsOf(const DatabaseTable& list) {
  ListColumns c;
  c.table = list.columns();
  Table header;
  header.columns = c.table.names;
  header.geometryLonColumn = c.table.geometryLon;
  header.geometryLatColumn = c.table.geometryLat;
  c.mapping = guessColumnMapping(header, ListKind::Beneficiaries);
  // Only what stats uses crosses the network: the other columns come back empty.
  c.used.assign(c.table.names.size(), false);
  for (size_t r = 0; r < kColumnRoleCount; ++r)
    if (const int col = c.mapping.column[r]; col >= 0 && neededByStats(static_cast<ColumnRole>(r))) c.used[col] = true;
  return c;
}

std::string_view trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

bool parseStatsEngine(const std::string& text, StatsEngine& engine) {
  if (text == "auto") engine = StatsEngine::Auto;
  else if (text == "database") engine = StatsEngine::Database;
  else if (text == "local") engine = StatsEngine::Local;
  else return false;
  return true;
}

EngineChoice chooseStatsEngine(StatsEngine requested, const std::string& boundaries, const std::string& beneficiaries) {
  std::string cannot;
  if (!isDatabaseSource(beneficiaries))
    cannot = "the beneficiary list is a file, not a database table";
  else if (!isDatabaseSource(boundaries))
    cannot = "the boundaries are a file, not a table of the beneficiaries' database";
  else if (!sameDatabase(boundaries, beneficiaries))
    cannot = "the boundaries and the beneficiaries are in different databases (connections differ apart from tables=)";
  if (!cannot.empty()) {
    if (requested == StatsEngine::Database)
      throw InputError(isDatabaseSource(beneficiaries) ? redactSource(beneficiaries) : beneficiaries,
                       "--engine database cannot be used: " + cannot);
    return {StatsEngine::Local, requested == StatsEngine::Local ? "asked for" : cannot};
  }
  if (requested == StatsEngine::Database) return {StatsEngine::Database, "asked for"};
  if (requested == StatsEngine::Local) return {StatsEngine::Local, "asked for"};
  // auto: local. bench/database.sh on one machine: the local engine 2.3x faster at 1M rows, 5.4x at
  // 10M (26 s vs 143 s); PostGIS's point tests cost more than ours and the gap grows with the rows.
  return {StatsEngine::Local, kAutoEngineWhy};
}

Table readDatabaseList(const std::string& source, const std::string& where) {
  DatabaseTable list(source);
  return readDatabaseTable(list, {listColumnsOf(list).used, where});
}

void readDatabaseListChunks(const std::string& source, const TableChunkSink& sink) {
  DatabaseTable list(source);
  readDatabaseTableChunks(list, {listColumnsOf(list).used, ""}, kTableChunkRows, sink);
}

std::optional<BeneficiaryList> importBeneficiariesInDatabase(const std::string& boundarySource,
                                                             const std::string& listSource,
                                                             const PlacementContext& context,
                                                             const BusinessCategories& categories,
                                                             std::string& fallbackWhy) {
  DatabaseTable list(listSource);
  const ListColumns columns = listColumnsOf(list);
  const ColumnMapping& m = columns.mapping;
  DatabaseTable boundary(boundarySource);
  const OGRLayer& k = boundary.table();
  const char* boundaryKeyName = const_cast<OGRLayer&>(k).GetFIDColumn();
  if (list.geometry().empty()) return fallbackWhy = "the list table has no point geometry", std::nullopt;
  if (list.key().empty() || !boundaryKeyName || !*boundaryKeyName)
    return fallbackWhy = "a table without a primary key", std::nullopt;
  if (list.srid() != 4326) return fallbackWhy = "the list's geometry is not in EPSG:4326", std::nullopt;
  {
    const OGRSpatialReference* srs = const_cast<OGRLayer&>(k).GetSpatialRef();
    const char* code = srs ? srs->GetAuthorityCode(nullptr) : nullptr;
    if (!code || std::string(code) != "4326")
      return fallbackWhy = "the boundaries' geometry is not in EPSG:4326", std::nullopt;
  }
  if (!m.has(ColumnRole::Lon) || !m.has(ColumnRole::Lat))
    return fallbackWhy = "the list has no coordinate columns", std::nullopt;
  auto sqlOf = [&](ColumnRole role) { return m.has(role) ? columns.table.sql[m[role]] : std::string("NULL::text"); };

  // Repeated ids: the local rule keeps the first row of each id and needs them all in order.
  if (m.has(ColumnRole::Id)) {
    const std::string id = "NULLIF(btrim(" + sqlOf(ColumnRole::Id) + ", E' \\t\\r\\n'), '')";
    OGRLayer* r = list.query("SELECT EXISTS (SELECT 1 FROM " + list.from() + " p WHERE " + id + " IS NOT NULL GROUP BY " +
                             id + " HAVING count(*) > 1)::text");
    bool repeated = true;
    if (OGRFeatureUniquePtr f{r->GetNextFeature()}) repeated = std::string(f->GetFieldAsString(0)) != "false";
    list.release(r);
    if (repeated) return fallbackWhy = "ids repeat in the list (the first row of each id counts)", std::nullopt;
  }

  const std::string kTable = sqlTableName(boundary.name()), kKey = sqlIdentifier(boundaryKeyName),
                    kGeom = sqlIdentifier(const_cast<OGRLayer&>(k).GetGeometryColumn());
  const std::string pGeom = "p." + list.geometry(), e = kBorderMargin;
  // The point and the four corners of its box as one MultiPoint: one ST_Covers call, so one prepared
  // polygon per call site, where five point tests cost twice the time (EXPLAIN ANALYZE, 1M points).
  auto corner = [&](const std::string& dx, const std::string& dy) {
    return "ST_Translate(" + pGeom + ", " + dx + ", " + dy + ")";
  };
  const std::string pointAndCorners = "ST_Collect(ARRAY[" + pGeom + ", " + corner(e, e) + ", " + corner("-" + e, e) +
                                      ", " + corner(e, "-" + e) + ", " + corner("-" + e, "-" + e) + "])";
  // When the mapped coordinates are columns rather than the geometry, a row counts in SQL only where
  // they are plain decimals equal to the geometry's (what the local import would parse).
  std::string sameCoordinates = "true";
  if (m[ColumnRole::Lon] != columns.table.geometryLon) {
    auto plain = [&](ColumnRole role, const char* axis) {
      const std::string text = columns.table.sql[m[role]];
      return "(CASE WHEN " + text + " ~ '^-?[0-9]{1,3}(\\.[0-9]+)?$' THEN (" + text + ")::float8 END) = " + axis +
             "(" + pGeom + ")";
    };
    sameCoordinates = plain(ColumnRole::Lon, "ST_X") + " AND " + plain(ColumnRole::Lat, "ST_Y");
  }
  // Big joins and groups in memory; no JIT (seconds of compiling for queries the planner overprices).
  list.execute("SET work_mem = '256MB'");
  list.execute("SET jit = off");
  list.execute("DROP TABLE IF EXISTS pg_temp.prokus_inside");
  // Each polygon the outer row, its points the inner index scan (OFFSET 0 keeps the planner from
  // turning it back into points outer, polygons inner): PostGIS keeps the prepared polygon while the
  // same polygon comes again. No GROUP BY point: a point well inside one polygon is in another only
  // where polygons overlap, which the row count check below finds. Invalid polygons are left out: the
  // local engine repairs them (GEOS MakeValid) before placing, PostGIS would test the raw rings, so
  // their points are sent back and placed on the repaired shapes.
  list.execute("CREATE TEMP TABLE prokus_inside AS SELECT p.row_key, k." + kKey + " AS polygon_key FROM " + kTable +
               " k CROSS JOIN LATERAL (SELECT p." + list.key() + " AS row_key FROM " + list.from() + " p WHERE " +
               pGeom + " @ k." + kGeom + " AND ST_Covers(k." + kGeom + ", " + pointAndCorners + ") AND " +
               sameCoordinates + " OFFSET 0) p WHERE ST_IsValid(k." + kGeom + ")");
  list.execute("ANALYZE pg_temp.prokus_inside");

  // Per polygon and attribute texts: how many rows, and the first (for the local interning order).
  const std::string attributes = sqlOf(ColumnRole::BusinessType) + ", " + sqlOf(ColumnRole::Cohort) + ", " +
                                 sqlOf(ColumnRole::Bsimu) + ", " + sqlOf(ColumnRole::Status) + ", " +
                                 sqlOf(ColumnRole::MentorId);
  struct Group {
    int feature = 0, firstRow = 0;
    size_t count = 0;
    std::string texts[5];
  };
  std::vector<Group> groups;
  size_t countedInSql = 0;
  {
    OGRLayer* r = list.query(
        "SELECT f.feature::text, min(p." + list.key() + ")::text, count(*)::text, " + attributes + " FROM pg_temp.prokus_inside i JOIN " +
        list.from() + " p ON p." + list.key() + " = i.row_key JOIN (SELECT " + kKey +
        " AS polygon_key, row_number() OVER (ORDER BY " + kKey + ") - 1 AS feature FROM " + kTable +
        ") f ON f.polygon_key = i.polygon_key GROUP BY 1, 4, 5, 6, 7, 8");
    CPLErrorReset();
    for (OGRFeatureUniquePtr f{r->GetNextFeature()}; f; f.reset(r->GetNextFeature())) {
      Group g;
      g.feature = std::atoi(f->GetFieldAsString(0));
      g.firstRow = rowNumberOfKey(f->GetFieldAsString(1), 0);
      g.count = static_cast<size_t>(std::atoll(f->GetFieldAsString(2)));
      for (int t = 0; t < 5; ++t)
        if (f->IsFieldSetAndNotNull(3 + t)) g.texts[t] = std::string(trimmed(f->GetFieldAsString(3 + t)));
      countedInSql += g.count;
      groups.push_back(std::move(g));
    }
    const bool failed = CPLGetLastErrorType() == CE_Failure;
    list.release(r);
    if (failed) list.fail();
  }
  // Every other row comes back and is placed by the local rule.
  const Table sentBack = readDatabaseTable(
      list, {columns.used, "NOT EXISTS (SELECT 1 FROM pg_temp.prokus_inside i WHERE i.row_key = p." + list.key() + ")"});
  std::int64_t total = -1;
  {
    OGRLayer* r = list.query("SELECT count(*)::text FROM " + list.from());
    if (OGRFeatureUniquePtr f{r->GetNextFeature()}) total = std::atoll(f->GetFieldAsString(0));
    list.release(r);
  }
  const auto accounted = static_cast<std::int64_t>(countedInSql + sentBack.rowCount());
  if (total >= 0 && accounted > total)  // a point counted in two polygons
    return fallbackWhy = "polygons of the boundary table overlap (" + std::to_string(accounted - total) +
                         " points lie well inside two of them)",
           std::nullopt;
  if (total != accounted)
    throw InputError(redactSource(listSource),
                     "the table changed while it was counted (" + std::to_string(countedInSql) + " counted in SQL + " +
                         std::to_string(sentBack.rowCount()) + " placed locally != " + std::to_string(total) +
                         " rows); run stats again");
  for (const Group& g : groups)
    if (g.feature < 0 || static_cast<size_t>(g.feature) >= context.boundary().features.size())
      throw std::runtime_error(redactSource(boundarySource) + ": the boundary table changed while it was counted");

  const BeneficiaryList local = sentBack.rowCount() > 0 ? importBeneficiaries(sentBack, m, context, categories)
                                                        : BeneficiaryList{};
  // The rows in row order (groups at their first row), so that texts are interned as the local import
  // interns them: the first spelling of each, in order of first appearance.
  BeneficiaryList out;
  out.path = listSource;
  out.mapping = m;
  out.unplaced = local.unplaced;
  out.summary = local.summary;
  out.summary.path = listSource;
  out.summary.rowsRead = static_cast<size_t>(total);
  out.summary.placedByCoordinates += countedInSql;
  struct Entry {
    int row;
    const Group* group;
    size_t localRow;
  };
  std::vector<Entry> order;
  order.reserve(groups.size() + local.rows.size());
  for (const Group& g : groups) order.push_back({g.firstRow, &g, 0});
  for (size_t i = 0; i < local.rows.size(); ++i) order.push_back({local.rows[i].row, nullptr, i});
  std::stable_sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) { return a.row < b.row; });
  out.rows.reserve(countedInSql + local.rows.size());
  BeneficiaryAppender append(out, categories);
  auto textOf = [](const std::vector<std::string>& values, std::int32_t index) -> std::string_view {
    return index >= 0 ? std::string_view(values[index]) : std::string_view();
  };
  for (const Entry& entry : order) {
    if (entry.group) {
      const Group& g = *entry.group;
      Beneficiary b;
      b.row = g.firstRow;
      b.polygon = g.feature;
      // Counted in SQL: inside its polygon by coordinates, the exact position not pulled (stats has no
      // use for it without mentors, and mentors take the local engine).
      b.placedBy = PlacedBy::Coordinates;
      b.position = Vec2{0, 0};
      append.add(b, {g.texts[0], g.texts[1], g.texts[2], g.texts[3], g.texts[4], {}}, g.count);
    } else {
      const Beneficiary& b = local.rows[entry.localRow];
      append.add(b, {textOf(local.businessTypes, b.businessType), {}, {}, textOf(local.statuses, b.status),
                     textOf(local.mentorIds, b.mentor), local.ids[entry.localRow]});
      out.rows.back().cohort = b.cohort;  // already parsed from the row's own texts
      out.rows.back().bsimu = b.bsimu;
    }
  }
  return out;
}

}  // namespace pk
