#include "core/database_output.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <regex>

#include "core/database_source.h"
#include "core/layer.h"
#include "core/layer_io.h"
#include "core/projection.h"
#include "core/table_export.h"

namespace pk {

namespace {

// GDAL's last error as one line, without secrets (GDAL may quote the connection string).
std::string gdalProblem() {
  const char* message = CPLGetLastErrorMsg();
  const std::string text = redactMessage(message && *message ? message : "unknown database error");
  return text.empty() ? "unknown database error" : text;
}


struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// The first value of the first row of a query, if any row came back.
std::optional<std::string> queryValue(GDALDataset& dataset, const std::string& sql) {
  CPLErrorReset();
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) {
    if (CPLGetLastErrorType() >= CE_Failure) throw std::runtime_error(gdalProblem());
    return std::nullopt;
  }
  std::optional<std::string> value;
  if (auto feature = std::unique_ptr<OGRFeature>(result->GetNextFeature()))
    value = feature->IsFieldSetAndNotNull(0) ? feature->GetFieldAsString(0) : "";
  dataset.ReleaseResultSet(result);
  return value;
}

void runStatement(GDALDataset& dataset, const std::string& sql) {
  CPLErrorReset();
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) dataset.ReleaseResultSet(result);
  if (CPLGetLastErrorType() >= CE_Failure) throw std::runtime_error(gdalProblem());
}

OGRMultiPolygon lonLatGeometry(const MultiPolygon& polygon, const MapProjection& projection) {
  OGRMultiPolygon multi;
  for (const Polygon& part : polygon.parts) {
    OGRPolygon ogrPolygon;
    for (const Ring& ring : part.rings) {
      OGRLinearRing ogrRing;
      ogrRing.setNumPoints(static_cast<int>(ring.size()) + 1, FALSE);
      for (size_t i = 0; i <= ring.size(); ++i) {
        const Vec2 p = projection.toLonLat(ring[i % ring.size()]);  // closed, as OGC wants
        ogrRing.setPoint(static_cast<int>(i), p.x, p.y);
      }
      if (!ring.empty()) ogrPolygon.addRing(&ogrRing);
    }
    if (!ogrPolygon.IsEmpty()) multi.addGeometry(&ogrPolygon);
  }
  return multi;
}

}  // namespace

std::string outputTableNameProblem(const std::string& qualifiedName) {
  static const std::regex plain("[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}");
  if (std::regex_match(qualifiedName, plain)) return {};
  return "table name '" + qualifiedName +
         "' must be schema.table in lower-case letters, digits and '_' (e.g. kbb.indikator_2024)";
}

void writeTableToDatabase(const std::string& connection, const std::string& qualifiedName, const TextTable& table,
                          const Layer& boundaries, const MapProjection& projection, bool overwrite,
                          const DatabaseWriter& writer) {
  if (!isDatabaseSource(connection)) throw InputError(connection, "not a database connection (PG:...)");
  if (const std::string problem = outputTableNameProblem(qualifiedName); !problem.empty())
    throw InputError(connection, problem);
  const std::string schema = qualifiedName.substr(0, qualifiedName.find('.'));
  const std::string name = qualifiedName.substr(qualifiedName.find('.') + 1);
  const std::string target = qualifiedName + ": ";

  initGdal();
  const char* const drivers[] = {"PostgreSQL", nullptr};
  CPLErrorReset();
  DatasetPtr dataset(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers));
  if (!dataset) throw InputError(connection, "cannot connect: " + gdalProblem());

  try {
    if (!queryValue(*dataset, "SELECT 1 FROM pg_namespace WHERE nspname = " + sqlLiteral(schema)))
      throw InputError(connection, "schema '" + schema + "' does not exist (create it, or name another one)");
    const std::optional<std::string> existingComment = queryValue(
        *dataset, "SELECT coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_class c JOIN pg_namespace n ON "
                  "n.oid = c.relnamespace WHERE n.nspname = " + sqlLiteral(schema) + " AND c.relname = " +
                      sqlLiteral(name));
    if (existingComment) {
      if (existingComment->rfind(kWrittenByMarker, 0) != 0)
        throw InputError(connection, target + "exists and was not written by prokus-map; choose another table name");
      if (!overwrite) throw InputError(connection, target + "exists; " + writer.replaceOption + " replaces it");
    }

    // Built under a fresh name, then swapped in: one transaction holds creation, drop and rename, so a
    // failure anywhere (or a lost connection, which rolls back) leaves the old table as it was.
    const std::string buildName = name.substr(0, 40) + "_prokus_" + std::to_string(getpid());
    if (dataset->StartTransaction(FALSE) != OGRERR_NONE)
      throw InputError(connection, "cannot start a transaction: " + gdalProblem());
    try {
      OGRSpatialReference lonLat;
      lonLat.importFromEPSG(4326);
      lonLat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      const std::string schemaOption = "SCHEMA=" + schema;
      const char* const layerOptions[] = {schemaOption.c_str(), "GEOMETRY_NAME=geom", "FID=fid", "LAUNDER=NO",
                                          "SPATIAL_INDEX=GIST", nullptr};
      CPLErrorReset();
      OGRLayer* layer = dataset->CreateLayer(buildName.c_str(), &lonLat, wkbMultiPolygon,
                                             const_cast<char**>(layerOptions));
      if (!layer) throw std::runtime_error(gdalProblem());
      std::vector<CellType> kinds;
      for (size_t c = 0; c < table.header.size(); ++c) {
        kinds.push_back(columnCellType(table, c));
        OGRFieldDefn field(table.header[c].c_str(), kinds.back() == CellType::Integer ? OFTInteger64
                                                    : kinds.back() == CellType::Real  ? OFTReal
                                                                                        : OFTString);
        if (layer->CreateField(&field) != OGRERR_NONE) throw std::runtime_error(gdalProblem());
      }
      for (size_t r = 0; r < table.rows.size(); ++r) {
        OGRFeature feature(layer->GetLayerDefn());
        const auto& row = table.rows[r];
        for (size_t c = 0; c < row.size() && c < kinds.size(); ++c) {
          if (row[c].empty()) continue;  // NULL
          if (kinds[c] == CellType::Integer)
            feature.SetField(static_cast<int>(c), static_cast<GIntBig>(std::stoll(row[c])));
          else if (kinds[c] == CellType::Real)
            feature.SetField(static_cast<int>(c), std::stod(row[c]));
          else
            feature.SetField(static_cast<int>(c), row[c].c_str());
        }
        if (r < table.featureOfRow.size() && table.featureOfRow[r] >= 0) {
          OGRMultiPolygon geometry =
              lonLatGeometry(boundaries.features[static_cast<size_t>(table.featureOfRow[r])].polygon, projection);
          geometry.assignSpatialReference(&lonLat);
          feature.SetGeometry(&geometry);
        }
        CPLErrorReset();
        if (layer->CreateFeature(&feature) != OGRERR_NONE) throw std::runtime_error(gdalProblem());
      }
      if (layer->SyncToDisk() != OGRERR_NONE) throw std::runtime_error(gdalProblem());
      const std::string quotedBuild = schema + "." + buildName;
      if (existingComment) runStatement(*dataset, "DROP TABLE " + qualifiedName);
      runStatement(*dataset, "ALTER TABLE " + quotedBuild + " RENAME TO " + name);
      runStatement(*dataset, "COMMENT ON TABLE " + qualifiedName + " IS " +
                                 sqlLiteral(std::string(kWrittenByMarker) + " " + writer.part +
                                            ": indicators per polygon; prokus-map replaces it only when asked"));
      CPLErrorReset();
      if (dataset->CommitTransaction() != OGRERR_NONE) throw std::runtime_error(gdalProblem());
    } catch (...) {
      dataset->RollbackTransaction();
      throw;
    }
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(connection, target + "write failed, nothing written: " + e.what());
  }
}

}  // namespace pk
