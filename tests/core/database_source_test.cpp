#include "core/database_source.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "core/layer_io.h"

using namespace pk;

TEST_CASE("PG: sources are told from files") {
  CHECK(isDatabaseSource("PG:service=prokus tables=kbb.kecamatan"));
  CHECK(isDatabaseSource("pg:dbname=x"));
  CHECK_FALSE(isDatabaseSource("PG.geojson"));
  CHECK_FALSE(isDatabaseSource("/data/PG:x/kbb.shp"));
  CHECK_FALSE(isDatabaseSource("kbb.gpkg"));
}

TEST_CASE("key=value pairs: quotes, escapes and spaces around '='") {
  const auto options = parseConnectionOptions("PG:service=prokus  dbname = 'ProKUS data' user='o\\'brien' tables=kbb.kecamatan");
  REQUIRE(options.size() == 4);
  CHECK(options[0].key == "service");
  CHECK(options[0].value == "prokus");
  CHECK(options[1].key == "dbname");
  CHECK(options[1].value == "ProKUS data");
  CHECK(options[2].value == "o'brien");
  CHECK(options[3].key == "tables");
  CHECK(sourceTable("PG:service=prokus tables=kbb.kecamatan(geom),kbb.desa") == "kbb.kecamatan");
  CHECK(sourceTable("PG:service=prokus table=public.kpm") == "public.kpm");
  CHECK(sourceTable("PG:service=prokus") == "");
  CHECK_THROWS_AS(parseConnectionOptions("PG:dbname='open"), std::invalid_argument);
  CHECK_THROWS_AS(parseConnectionOptions("PG:dbname"), std::invalid_argument);
}

TEST_CASE("passwords are found and removed, in key=value and URI forms") {
  const std::string keyValue = "PG:host=db.kemensos.go.id dbname=prokus user=perencana password='s3cr et' tables=kbb.kpm";
  CHECK(hasPassword(keyValue));
  const std::string redacted = redactSource(keyValue);
  CHECK(redacted.find("s3cr") == std::string::npos);
  CHECK(redacted.find("password") == std::string::npos);
  CHECK(redacted == "PG:host=db.kemensos.go.id dbname=prokus user=perencana tables=kbb.kpm");
  CHECK_FALSE(hasPassword(redacted));

  const std::string uri = "PG:postgresql://perencana:Rahasia99@db.example:5433/prokus?sslmode=require&password=x2 tables=kbb.kpm";
  CHECK(hasPassword(uri));
  const std::string redactedUri = redactSource(uri);
  CHECK(redactedUri == "PG:postgresql://perencana@db.example:5433/prokus?sslmode=require tables=kbb.kpm");
  CHECK_FALSE(hasPassword(redactedUri));
  CHECK_FALSE(hasPassword("PG:service=prokus tables=kbb.kecamatan"));
  CHECK(redactSource("PG:service=prokus tables=kbb.kecamatan") == "PG:service=prokus tables=kbb.kecamatan");
  CHECK(redactSource("geodata/kbb.geojson") == "geodata/kbb.geojson");
  // Unreadable strings are never echoed: they may hold a secret.
  CHECK(redactSource("PG:password='unterminated") .find("unterminated") == std::string::npos);
  CHECK(hasPassword("PG:password='unterminated"));
}

TEST_CASE("a table picked in the database dialog replaces the connection's tables") {
  CHECK(databaseSourceForTable("PG:service=prokus", "kbb.kecamatan") == "PG:service=prokus tables=kbb.kecamatan");
  CHECK(databaseSourceForTable("PG:dbname='ProKUS data' tables=a.b", "kbb.desa") ==
        "PG:dbname='ProKUS data' tables=kbb.desa");
  CHECK(databaseSourceForTable("PG:postgresql://u@h/db", "kbb.desa") == "PG:postgresql://u@h/db tables=kbb.desa");
}

TEST_CASE("input errors name a database source without its password") {
  const InputError error("PG:host=h dbname=prokus password=Rahasia99 tables=kbb.kpm", "table not found");
  const std::string message = error.what();
  CHECK(message.find("Rahasia99") == std::string::npos);
  CHECK(message == "PG:host=h dbname=prokus tables=kbb.kpm: table not found");
  CHECK(std::string(InputError("/data/kbb.shp", "broken").what()) == "kbb.shp: broken");
}

TEST_CASE("a database server that does not answer times out after 10 s unless the planner chose otherwise") {
  unsetenv("PGCONNECT_TIMEOUT");
  initGdal();   // the first call in this process
  const char* timeout = std::getenv("PGCONNECT_TIMEOUT");
  REQUIRE(timeout != nullptr);
  CHECK(std::string(timeout) == "10");
}
