// The test database: a real PostgreSQL + PostGIS cluster started by CTest's pg_cluster fixture
// (tools/pg_test_cluster.sh, see CMakeLists.txt) with the demo data in schema kbb. Including this
// header is what makes CMake attach a test to that fixture.
//
// Services (in PROKUS_PG_STATE/pg_service.conf):
//   prokus_test      Unix socket, trusted           -> "PG:service=prokus_test"
//   prokus_test_tcp  127.0.0.1, password in pgpass  -> "PG:service=prokus_test_tcp"
// Tables: kbb.kecamatan (polygons, EPSG:4326), kbb.beneficiaries and kbb.mentors (points and their
// lon/lat columns), kbb.kecamatan_pkh (no geometry).
#pragma once
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "test_support.h"

namespace pk::test {

// The cluster's env file (PGSERVICEFILE, PGPASSFILE, PROKUS_PG_PORT, PROKUS_PG_SOCKET), as a map.
inline std::map<std::string, std::string> pgTestEnv() {
  std::map<std::string, std::string> env;
  std::ifstream in(std::string(PROKUS_PG_STATE) + "/env");
  if (!in) throw std::runtime_error(std::string("test database not started: no ") + PROKUS_PG_STATE + "/env");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    const auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

// Points libpq (in this process and in every command it runs) at the test cluster's service and
// password files. Call once at the start of each test case.
inline void usePgTestDatabase() {
  for (const auto& [key, value] : pgTestEnv())
    if (key == "PGSERVICEFILE" || key == "PGPASSFILE") setenv(key.c_str(), value.c_str(), 1);
}

inline std::string pgTestPort() { return pgTestEnv().at("PROKUS_PG_PORT"); }

// Runs SQL through psql on the trusted service; returns psql's exit code and output (unaligned, tuples only).
inline CommandResult runPgSql(const std::string& sql, const std::string& service = "prokus_test") {
  usePgTestDatabase();
  return runCommand("psql -X -q -A -t -v ON_ERROR_STOP=1 " + quote("service=" + service) + " -c " + quote(sql));
}

}  // namespace pk::test
